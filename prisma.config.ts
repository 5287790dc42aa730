// Used only by operators who run Prisma's own CLI (`prisma migrate deploy` with internet access);
// the app itself migrates with the WebAssembly engine and needs no config file.
import "dotenv/config";
import { defineConfig } from "prisma/config";

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
