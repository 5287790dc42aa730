-- CreateTable
CREATE TABLE "resident_consent" (
    "resident_id" BIGINT NOT NULL,
    "purpose" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "given_at" TIMESTAMP(3) NOT NULL,
    "withdrawn_at" TIMESTAMP(3),

    CONSTRAINT "resident_consent_pkey" PRIMARY KEY ("resident_id","purpose")
);

-- AddForeignKey
ALTER TABLE "resident_consent" ADD CONSTRAINT "resident_consent_resident_id_fkey" FOREIGN KEY ("resident_id") REFERENCES "resident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
