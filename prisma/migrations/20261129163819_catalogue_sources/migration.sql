-- AlterTable
ALTER TABLE "offer" ADD COLUMN     "source_date" TEXT;

-- AlterTable
ALTER TABLE "provider" ADD COLUMN     "contact_chat_id" BIGINT,
ADD COLUMN     "not_found" TEXT,
ADD COLUMN     "source_date" TEXT;

-- CreateTable
CREATE TABLE "provider_check" (
    "provider_key" TEXT NOT NULL,
    "last_confirmed" TIMESTAMP(3),
    "last_asked_at" TIMESTAMP(3),

    CONSTRAINT "provider_check_pkey" PRIMARY KEY ("provider_key")
);
