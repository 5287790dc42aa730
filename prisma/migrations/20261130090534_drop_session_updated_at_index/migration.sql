-- DropIndex
DROP INDEX "session_record_updated_at_idx";
