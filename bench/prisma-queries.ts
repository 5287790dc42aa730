/**
 * CPU per Prisma query on PGlite (issue 19): four query shapes the app runs, 1,000 times each after
 * 200 to warm up, on a migrated in-memory database. Prisma's adapter statements run as PGlite's
 * prepared statements (src/db/pglite-prisma.ts); give another tree's root to compare:
 *
 *   npx tsx bench/prisma-queries.ts [root]      e.g. /tmp/base from `git archive <commit>` (see bench/dialogue-ab.ts)
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { machineLine } from "./process.ts";

const root = resolve(process.argv[2] ?? ".");
const load = (file: string) => import(pathToFileURL(resolve(root, file)).href);
const [{ openDatabase }, { applyMigrations }] = await Promise.all([load("src/db/client.ts"), load("src/db/migrate.ts")]);
const db = await openDatabase("memory://");
await applyMigrations(db.adapterFactory);
await db.prisma.community.create({ data: { id: "c1", name: { uk: "Громада" }, requestPrefix: "Ж" } });
for (let i = 0; i < 50; i++) {
  await db.prisma.department.create({ data: { key: `c1/d${i}`, communityId: "c1", slug: `d${i}`, position: i, name: { uk: `Відділ ${i}` }, staffUserIds: [1n, 2n] } });
}
const shapes: Record<string, () => Promise<unknown>> = {
  "findUnique by key": () => db.prisma.department.findUnique({ where: { key: "c1/d7" } }),
  "findUnique + 50 related": () => db.prisma.community.findUnique({ where: { id: "c1" }, include: { departments: true } }),
  "update by key": () => db.prisma.department.update({ where: { key: "c1/d3" }, data: { general: true } }),
  count: () => db.prisma.department.count({ where: { communityId: "c1" } }),
};
console.log(`Prisma on PGlite, ${root} (${machineLine()})`);
for (const [name, run] of Object.entries(shapes)) {
  for (let i = 0; i < 200; i++) await run();
  const runs = 1_000;
  const started = process.cpuUsage();
  for (let i = 0; i < runs; i++) await run();
  const used = process.cpuUsage(started);
  console.log(`${name.padEnd(24)} ${((used.user + used.system) / runs / 1000).toFixed(3)} ms of CPU per query`);
}
await db.close();
