-- AlterTable
ALTER TABLE "help_request" ADD COLUMN     "second_contact_name" TEXT,
ADD COLUMN     "second_phone" TEXT;
