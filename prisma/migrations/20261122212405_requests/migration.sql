-- CreateEnum
CREATE TYPE "request_status" AS ENUM ('new', 'in_progress', 'waiting_for_resident', 'resolved', 'rejected', 'cancelled');

-- CreateEnum
CREATE TYPE "outbox_status" AS ENUM ('pending', 'sent', 'dead');

-- AlterTable
ALTER TABLE "department" ADD COLUMN     "forum_topics" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "resident" (
    "id" BIGINT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'uk',
    "community_id" TEXT,
    "blocked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "resident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "help_request" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "community_id" TEXT NOT NULL,
    "service_id" TEXT,
    "department_key" TEXT NOT NULL,
    "resident_id" BIGINT,
    "status" "request_status" NOT NULL DEFAULT 'new',
    "locale" TEXT NOT NULL DEFAULT 'uk',
    "on_behalf" BOOLEAN NOT NULL DEFAULT false,
    "subject_name" TEXT,
    "subject_relation" TEXT,
    "contact_name" TEXT,
    "phone" TEXT,
    "address" TEXT,
    "details" TEXT,
    "attachments" JSONB,
    "call_back" BOOLEAN NOT NULL DEFAULT false,
    "call_back_time" TEXT,
    "consent_at" TIMESTAMP(3),
    "taken_by" BIGINT,
    "taken_by_name" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "first_answer_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "anonymised_at" TIMESTAMP(3),
    "card_chat_id" BIGINT,
    "card_message_id" INTEGER,
    "topic_id" INTEGER,
    "reminded_at" TIMESTAMP(3),

    CONSTRAINT "help_request_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "request_counter" (
    "community_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "request_counter_pkey" PRIMARY KEY ("community_id","year")
);

-- CreateTable
CREATE TABLE "request_event" (
    "id" SERIAL NOT NULL,
    "request_id" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_kind" TEXT NOT NULL,
    "actor_id" BIGINT,
    "type" TEXT NOT NULL,
    "from_status" "request_status",
    "to_status" "request_status",
    "note" TEXT,

    CONSTRAINT "request_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_message" (
    "chat_id" BIGINT NOT NULL,
    "message_id" INTEGER NOT NULL,
    "request_id" INTEGER NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'card',

    CONSTRAINT "staff_message_pkey" PRIMARY KEY ("chat_id","message_id")
);

-- CreateTable
CREATE TABLE "outbox_message" (
    "id" BIGSERIAL NOT NULL,
    "chat_id" BIGINT NOT NULL,
    "kind" TEXT NOT NULL,
    "request_id" INTEGER,
    "payload" JSONB NOT NULL,
    "status" "outbox_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "available_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMP(3),
    "last_error" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "outbox_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "help_request_number_key" ON "help_request"("number");

-- CreateIndex
CREATE INDEX "help_request_resident_id_created_at_idx" ON "help_request"("resident_id", "created_at");

-- CreateIndex
CREATE INDEX "help_request_department_key_status_idx" ON "help_request"("department_key", "status");

-- CreateIndex
CREATE INDEX "help_request_status_closed_at_idx" ON "help_request"("status", "closed_at");

-- CreateIndex
CREATE INDEX "request_event_request_id_at_idx" ON "request_event"("request_id", "at");

-- CreateIndex
CREATE INDEX "staff_message_request_id_idx" ON "staff_message"("request_id");

-- CreateIndex
CREATE INDEX "outbox_message_status_available_at_idx" ON "outbox_message"("status", "available_at");

-- CreateIndex
CREATE INDEX "outbox_message_chat_id_id_idx" ON "outbox_message"("chat_id", "id");

-- AddForeignKey
ALTER TABLE "help_request" ADD CONSTRAINT "help_request_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "request_event" ADD CONSTRAINT "request_event_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "help_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_message" ADD CONSTRAINT "staff_message_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "help_request"("id") ON DELETE CASCADE ON UPDATE CASCADE;
