-- CreateEnum
CREATE TYPE "announcement_status" AS ENUM ('draft', 'scheduled', 'sending', 'done', 'cancelled');

-- AlterTable
ALTER TABLE "community" ADD COLUMN     "announcement_topics" JSONB;

-- AlterTable
ALTER TABLE "department" ADD COLUMN     "announcer_user_ids" BIGINT[];

-- AlterTable
ALTER TABLE "outbox_message" ADD COLUMN     "announcement_id" INTEGER,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "announcement_subscription" (
    "resident_id" BIGINT NOT NULL,
    "community_id" TEXT NOT NULL,
    "topics" TEXT[],
    "offered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "announcement_subscription_pkey" PRIMARY KEY ("resident_id")
);

-- CreateTable
CREATE TABLE "announcement" (
    "id" SERIAL NOT NULL,
    "community_id" TEXT NOT NULL,
    "department_key" TEXT NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "author_id" BIGINT NOT NULL,
    "status" "announcement_status" NOT NULL DEFAULT 'draft',
    "awaiting" TEXT,
    "prompt_message_id" INTEGER,
    "text" TEXT,
    "entities" JSONB,
    "photo_file_id" TEXT,
    "topics" TEXT[],
    "scheduled_for" TIMESTAMP(3),
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "recipients" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "blocked" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "announcement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "announcement_subscription_community_id_idx" ON "announcement_subscription"("community_id");

-- CreateIndex
CREATE INDEX "announcement_status_scheduled_for_idx" ON "announcement"("status", "scheduled_for");

-- CreateIndex
CREATE INDEX "outbox_message_status_priority_chat_id_id_idx" ON "outbox_message"("status", "priority", "chat_id", "id");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_message_announcement_id_chat_id_key" ON "outbox_message"("announcement_id", "chat_id");

-- AddForeignKey
ALTER TABLE "outbox_message" ADD CONSTRAINT "outbox_message_announcement_id_fkey" FOREIGN KEY ("announcement_id") REFERENCES "announcement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "announcement_subscription" ADD CONSTRAINT "announcement_subscription_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
