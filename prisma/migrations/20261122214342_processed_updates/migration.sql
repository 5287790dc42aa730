-- CreateTable
CREATE TABLE "processed_update" (
    "update_id" BIGINT NOT NULL,
    "handled_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_update_pkey" PRIMARY KEY ("update_id")
);

-- CreateIndex
CREATE INDEX "processed_update_handled_at_idx" ON "processed_update"("handled_at");
