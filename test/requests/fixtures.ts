import path from "node:path";
import { Catalog } from "../../src/catalog/catalog.ts";
import { DEFAULT_CATALOG_DIR, loadCommunityFile } from "../../src/catalog/load.ts";
import { importCommunity, readCatalog } from "../../src/catalog/store.ts";
import type { Database, PrismaClient } from "../../src/db/client.ts";
import type { RequestDraft } from "../../src/requests/service.ts";
import { databaseTargets, type TestDatabaseTarget } from "../helpers/databases.ts";

/** Shared set-up of the request tests (not a test file itself). */

export interface RequestsDatabase {
  db: Database;
  prisma: PrismaClient;
  /** Rebuilt from the database; call again after changing a department. */
  catalog(): Promise<Catalog>;
  close(): Promise<void>;
}

/** A fresh, migrated database on the target, with the Zhytomyr (and, if asked, Vinnytsia) catalogue imported. */
export async function openRequestsDatabase(
  target: TestDatabaseTarget,
  communities: ReadonlyArray<"zhytomyr" | "vinnytsia"> = ["zhytomyr"],
): Promise<RequestsDatabase> {
  const fresh = await target.createMigrated();
  const db = await fresh.open();
  for (const community of communities) {
    await importCommunity(db.prisma, loadCommunityFile(path.join(DEFAULT_CATALOG_DIR, `${community}.yaml`)));
  }
  return {
    db,
    prisma: db.prisma,
    catalog: async () => new Catalog(await readCatalog(db.prisma)),
    async close() {
      await db.close();
      await fresh.drop();
    },
  };
}

let nextResidentId = 700_000_001n;
/** A Telegram user id no other test in the process uses. */
export function newResidentId(): bigint {
  return nextResidentId++;
}

/** A clock that starts at `start` and moves one second forward at every reading: createdAt orders are strict. */
export function steppingClock(start: string): () => Date {
  let at = Date.parse(start);
  return () => new Date((at += 1000));
}

/** What the request dialogue would collect for a resident asking for themselves. */
export function draft(overrides: Partial<RequestDraft> = {}): RequestDraft {
  return {
    communityId: "zhytomyr",
    serviceId: "social-taxi",
    onBehalf: false,
    contactName: "Ганна Петрівна",
    phone: "+380671234567",
    address: "вул. Київська, 5, кв. 2",
    details: "Потрібно відвезти до лікарні в четвер",
    attachments: [],
    callBack: false,
    consentAt: new Date("2026-03-01T08:00:00Z"),
    ...overrides,
  };
}

/** Every row of a table as JSON text (bigints as strings), one string per row, to search for what must not be there. */
export async function dumpTable(prisma: PrismaClient, table: string): Promise<string[]> {
  const rows = await prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM ${table}`);
  return rows.map((row) => JSON.stringify(row, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value)));
}

/** Gives a department (e.g. "zhytomyr/older-and-disabled") a staff chat, or takes it away with null. */
export async function setDepartmentChat(prisma: PrismaClient, departmentKey: string, chatId: bigint | null): Promise<void> {
  await prisma.department.update({ where: { key: departmentKey }, data: { chatId } });
}

/**
 * The database targets as [name, target] rows, for `describe.each(databaseCases)("… on %s", …)`.
 * `%s` prints the bare name ("… on postgresql"); vitest 4 prints `$name` quoted ("… on 'postgresql'"),
 * which the summary reporter's /\bon postgresql\b/ does not count.
 */
export const databaseCases = databaseTargets.map((target) => [target.name, target] as const);
