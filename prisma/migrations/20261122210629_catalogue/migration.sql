-- CreateTable
CREATE TABLE "service" (
    "id" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "summary" JSONB NOT NULL,
    "description" JSONB,
    "synonyms" TEXT[],
    "categories" TEXT[],
    "free" BOOLEAN,
    "documents" JSONB,
    "how_to_apply" JSONB,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "community" (
    "id" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "request_prefix" TEXT NOT NULL,

    CONSTRAINT "community_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider" (
    "key" TEXT NOT NULL,
    "community_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "kind" TEXT NOT NULL,
    "address" TEXT,
    "phones" TEXT[],
    "email" TEXT,
    "website" TEXT,
    "note" JSONB,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "provider_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "offer" (
    "provider_key" TEXT NOT NULL,
    "service_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "address" TEXT,
    "district" TEXT,
    "phones" TEXT[],
    "hours" JSONB,
    "email" TEXT,
    "website" TEXT,
    "accessibility" JSONB,
    "note" JSONB,
    "verified" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT,

    CONSTRAINT "offer_pkey" PRIMARY KEY ("provider_key","service_id")
);

-- CreateTable
CREATE TABLE "department" (
    "key" TEXT NOT NULL,
    "community_id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" JSONB NOT NULL,
    "general" BOOLEAN NOT NULL DEFAULT false,
    "chat_id" BIGINT,
    "staff_user_ids" BIGINT[],
    "admins_are_staff" BOOLEAN NOT NULL DEFAULT false,
    "reminder_hours" DOUBLE PRECISION NOT NULL DEFAULT 24,
    "position" INTEGER NOT NULL,

    CONSTRAINT "department_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "department_service" (
    "community_id" TEXT NOT NULL,
    "service_id" TEXT NOT NULL,
    "department_key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "department_service_pkey" PRIMARY KEY ("community_id","service_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "provider_community_id_slug_key" ON "provider"("community_id", "slug");

-- CreateIndex
CREATE INDEX "offer_service_id_idx" ON "offer"("service_id");

-- CreateIndex
CREATE UNIQUE INDEX "department_community_id_slug_key" ON "department"("community_id", "slug");

-- CreateIndex
CREATE INDEX "department_service_department_key_idx" ON "department_service"("department_key");

-- AddForeignKey
ALTER TABLE "provider" ADD CONSTRAINT "provider_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_provider_key_fkey" FOREIGN KEY ("provider_key") REFERENCES "provider"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department" ADD CONSTRAINT "department_community_id_fkey" FOREIGN KEY ("community_id") REFERENCES "community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_service" ADD CONSTRAINT "department_service_department_key_fkey" FOREIGN KEY ("department_key") REFERENCES "department"("key") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "department_service" ADD CONSTRAINT "department_service_service_id_fkey" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE CASCADE;
