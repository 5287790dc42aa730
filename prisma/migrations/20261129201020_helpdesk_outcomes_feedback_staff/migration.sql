-- AlterTable
ALTER TABLE "department" ADD COLUMN     "replies" JSONB;

-- AlterTable
ALTER TABLE "help_request" ADD COLUMN     "closed_by_name" TEXT,
ADD COLUMN     "feedback" TEXT,
ADD COLUMN     "feedback_asked_at" TIMESTAMP(3),
ADD COLUMN     "feedback_at" TIMESTAMP(3),
ADD COLUMN     "feedback_note" TEXT,
ADD COLUMN     "outcome" TEXT;

-- CreateTable
CREATE TABLE "staff_member" (
    "department_key" TEXT NOT NULL,
    "user_id" BIGINT NOT NULL,
    "name" TEXT NOT NULL,
    "last_seen_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "staff_member_pkey" PRIMARY KEY ("department_key","user_id")
);
