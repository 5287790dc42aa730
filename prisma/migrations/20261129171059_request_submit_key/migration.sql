-- AlterTable
ALTER TABLE "help_request" ADD COLUMN     "submit_key" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "help_request_submit_key_key" ON "help_request"("submit_key");
