-- AlterTable
ALTER TABLE "request_event" ADD COLUMN     "actor_name" TEXT;

-- AlterTable
ALTER TABLE "staff_message" ADD COLUMN     "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "target" TEXT,
ADD COLUMN     "thread_id" INTEGER;

-- CreateTable
CREATE TABLE "chat_migration" (
    "from_chat_id" BIGINT NOT NULL,
    "to_chat_id" BIGINT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_migration_pkey" PRIMARY KEY ("from_chat_id")
);
