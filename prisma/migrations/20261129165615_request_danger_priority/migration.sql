-- AlterTable
ALTER TABLE "help_request" ADD COLUMN     "contact_by_bot_only" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "danger" BOOLEAN NOT NULL DEFAULT false;
