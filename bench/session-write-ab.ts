/**
 * A/B of session-write variants on PGlite (interleaved), CPU per write. Scratch.
 */
import { openDatabase } from "../src/db/client.ts";

const N = Number(process.env.N ?? 300);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const url = process.argv[2] ?? "memory://";

async function main() {
  const db = await openDatabase(url);
  const sql = db.sql;
  const variants: Record<string, { setup: string[]; write: string; pre?: string }> = {
    A_jsonb_idx_upsert: {
      setup: [`CREATE TABLE a (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamp(3) NOT NULL)`, `CREATE INDEX a_u ON a(updated_at)`],
      write: `INSERT INTO a (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    },
    B_jsonb_noidx_upsert: {
      setup: [`CREATE TABLE b (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamp(3) NOT NULL)`],
      write: `INSERT INTO b (key, value, updated_at) VALUES ($1, $2::jsonb, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    },
    C_json_noidx_upsert: {
      setup: [`CREATE TABLE c (key text PRIMARY KEY, value json NOT NULL, updated_at timestamp(3) NOT NULL)`],
      write: `INSERT INTO c (key, value, updated_at) VALUES ($1, $2::json, now()) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    },
    D_jsonb_noidx_update: {
      setup: [`CREATE TABLE d (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamp(3) NOT NULL)`],
      write: `UPDATE d SET value = $2::jsonb, updated_at = now() WHERE key = $1`,
    },
    E_jsonb_idx_update: {
      setup: [`CREATE TABLE e (key text PRIMARY KEY, value jsonb NOT NULL, updated_at timestamp(3) NOT NULL)`, `CREATE INDEX e_u ON e(updated_at)`],
      write: `UPDATE e SET value = $2::jsonb, updated_at = now() WHERE key = $1`,
    },
    F_text_noidx_update: {
      setup: [`CREATE TABLE f (key text PRIMARY KEY, value text NOT NULL, updated_at timestamp(3) NOT NULL)`],
      write: `UPDATE f SET value = $2, updated_at = now() WHERE key = $1`,
    },
    Z_select1: { setup: [], write: `SELECT $1::text AS k, $2::text AS v` },
  };
  const names = Object.keys(variants).filter((n) => !process.env.ONLY || process.env.ONLY.split(",").some((o) => n.startsWith(o)));
  const value = (i: number, k: number) =>
    JSON.stringify({ communityId: "zhytomyr", locale: "uk", dialogue: { v: 7, args: { communityId: "zhytomyr", locale: "uk", serviceId: "social-taxi", onBehalf: false, firstName: "Resident" + k }, submitKey: "hhsk-abcdefghijkl", draft: { attachments: [], mode: "callback", contactName: "Resident" + k, phone: "+380671234567" }, answered: ["mode", "contactName", "phone"], phase: "steps", question: "callbackTime", step: "callbackTime", since: 1764488000000 + i, consentAt: "2026-11-30T07:00:00.000Z" } });
  const KEYS = 2000;
  for (const name of names) {
    for (const s of variants[name]!.setup) await sql.query(s);
    const t = name.slice(0, 1).toLowerCase();
    if (name !== "Z_select1") await sql.query(`INSERT INTO ${t} SELECT 'session:' || g, $1::text::${name.startsWith("C") ? "json" : name.startsWith("F") ? "text" : "jsonb"}, now() FROM generate_series(1, ${KEYS}) g`, [value(0, 0)]);
  }
  const results: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  let i = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const { write } = variants[name]!;
      for (let w = 0; w < 30; w++) await sql.query(write, [`session:${(i++ % KEYS) + 1}`, value(i, i % KEYS)]);
      const c0 = process.cpuUsage();
      for (let w = 0; w < N; w++) {
        const k = (i++ * 7919) % KEYS;
        await sql.query(write, [`session:${k + 1}`, value(i, k)]);
      }
      const u = process.cpuUsage(c0);
      results[name]!.push((u.user + u.system) / 1000 / N);
    }
  }
  const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
  for (const name of names) console.log(`${name.padEnd(24)} median ${med(results[name]!).toFixed(3)} ms  [${results[name]!.map((x) => x.toFixed(3)).join(" ")}]`);
  await db.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
