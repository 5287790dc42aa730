-- CreateTable
CREATE TABLE "trail_chat" (
    "chat_id" BIGINT NOT NULL,
    "until" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "trail_chat_pkey" PRIMARY KEY ("chat_id")
);

-- CreateTable
CREATE TABLE "trail_message" (
    "chat_id" BIGINT NOT NULL,
    "message_id" INTEGER NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "trail_message_pkey" PRIMARY KEY ("chat_id","message_id")
);

-- CreateIndex
CREATE INDEX "trail_chat_until_idx" ON "trail_chat"("until");

-- CreateIndex
CREATE INDEX "trail_message_sent_at_idx" ON "trail_message"("sent_at");
