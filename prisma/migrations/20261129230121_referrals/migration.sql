-- CreateEnum
CREATE TYPE "referral_status" AS ENUM ('asked', 'refused', 'sent', 'accepted', 'declined', 'done', 'returned', 'withdrawn');

-- AlterTable
ALTER TABLE "provider" ADD COLUMN     "referrals" JSONB;

-- CreateTable
CREATE TABLE "referral" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "provider_key" TEXT NOT NULL,
    "status" "referral_status" NOT NULL DEFAULT 'asked',
    "partner_chat_id" BIGINT NOT NULL,
    "staff_id" BIGINT,
    "staff_name" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "consent_at" TIMESTAMP(3),
    "sent_at" TIMESTAMP(3),
    "answered_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "decline_reason" TEXT,
    "card_chat_id" BIGINT,
    "card_message_id" INTEGER,

    CONSTRAINT "referral_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referral_message" (
    "chat_id" BIGINT NOT NULL,
    "message_id" INTEGER NOT NULL,
    "referral_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referral_message_pkey" PRIMARY KEY ("chat_id","message_id")
);

-- CreateIndex
CREATE INDEX "referral_request_id_idx" ON "referral"("request_id");

-- CreateIndex
CREATE INDEX "referral_status_sent_at_idx" ON "referral"("status", "sent_at");

-- CreateIndex
CREATE INDEX "referral_provider_key_created_at_idx" ON "referral"("provider_key", "created_at");

-- CreateIndex
CREATE INDEX "referral_message_referral_id_idx" ON "referral_message"("referral_id");

-- AddForeignKey
ALTER TABLE "referral" ADD CONSTRAINT "referral_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "help_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referral_message" ADD CONSTRAINT "referral_message_referral_id_fkey" FOREIGN KEY ("referral_id") REFERENCES "referral"("id") ON DELETE CASCADE ON UPDATE CASCADE;
