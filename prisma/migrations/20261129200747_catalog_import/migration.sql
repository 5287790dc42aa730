-- CreateTable
CREATE TABLE "catalog_import" (
    "id" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "imported_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalog_import_pkey" PRIMARY KEY ("id")
);
