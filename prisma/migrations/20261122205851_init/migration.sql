-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "session_record" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "session_record_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "session_record_updated_at_idx" ON "session_record"("updated_at");
