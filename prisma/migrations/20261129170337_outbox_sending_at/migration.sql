-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "sending_at" TIMESTAMP(3);
