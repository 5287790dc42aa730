import type { PrismaClient } from "../../src/db/client.ts";

/**
 * What must hold in the database whatever residents and staff sent: each check is one SQL query that
 * returns the offending rows, so a failure names them. Used by the fuzz suites after (and during) a run.
 */

interface Check {
  name: string;
  sql: string;
}

const CHECKS: Check[] = [
  {
    name: "every request has exactly one 'created' event",
    sql: `SELECT r.id, (SELECT count(*) FROM request_event e WHERE e.request_id = r.id AND e.type = 'created')::int AS created
          FROM help_request r
          WHERE (SELECT count(*) FROM request_event e WHERE e.request_id = r.id AND e.type = 'created') <> 1`,
  },
  {
    name: "every request has a well-formed number",
    sql: `SELECT id, number FROM help_request WHERE number IS NULL OR number !~ '^[^-]+-[0-9]{4}-[0-9]{5}$'`,
  },
  {
    // Safe mode (contact_by_bot_only): the resident asked not to be phoned, so there is no number.
    name: "every request not yet erased has a phone number, in international form (or is bot-only)",
    sql: `SELECT id, phone FROM help_request WHERE anonymised_at IS NULL AND ((phone IS NULL AND NOT contact_by_bot_only) OR phone !~ '^\\+[1-9][0-9]{7,14}$')`,
  },
  {
    name: "numbering counters match the requests numbered",
    sql: `SELECT c.community_id, c.year, c.last,
                 (SELECT count(*) FROM help_request r WHERE r.community_id = c.community_id AND split_part(r.number, '-', 2) = c.year::text)::int AS numbered,
                 (SELECT max(split_part(r.number, '-', 3)::int) FROM help_request r WHERE r.community_id = c.community_id AND split_part(r.number, '-', 2) = c.year::text) AS highest
          FROM request_counter c
          WHERE c.last <> (SELECT count(*) FROM help_request r WHERE r.community_id = c.community_id AND split_part(r.number, '-', 2) = c.year::text)
             OR c.last <> coalesce((SELECT max(split_part(r.number, '-', 3)::int) FROM help_request r WHERE r.community_id = c.community_id AND split_part(r.number, '-', 2) = c.year::text), 0)`,
  },
  {
    name: "every numbered community and year has a counter",
    sql: `SELECT DISTINCT r.community_id, split_part(r.number, '-', 2) AS year FROM help_request r
          WHERE NOT EXISTS (SELECT 1 FROM request_counter c WHERE c.community_id = r.community_id AND c.year::text = split_part(r.number, '-', 2))`,
  },
  {
    name: "no outbox row names a request that does not exist",
    sql: `SELECT o.id, o.kind, o.request_id FROM outbox_message o WHERE o.request_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM help_request r WHERE r.id = o.request_id)`,
  },
  {
    name: "a request's status is the one its last status change set",
    sql: `SELECT r.id, r.status, last.to_status FROM help_request r
          JOIN LATERAL (SELECT e.to_status FROM request_event e WHERE e.request_id = r.id AND e.to_status IS NOT NULL ORDER BY e.id DESC LIMIT 1) last ON true
          WHERE last.to_status <> r.status`,
  },
  {
    name: "closed requests have a closing time, open ones none",
    sql: `SELECT id, status, closed_at FROM help_request
          WHERE (status IN ('resolved', 'rejected', 'cancelled')) <> (closed_at IS NOT NULL)`,
  },
  {
    name: "a request without a resident was erased",
    sql: `SELECT id FROM help_request WHERE resident_id IS NULL AND anonymised_at IS NULL`,
  },
  {
    name: "erased requests keep no personal data",
    sql: `SELECT id FROM help_request WHERE anonymised_at IS NOT NULL
          AND (phone IS NOT NULL OR second_phone IS NOT NULL OR second_contact_name IS NOT NULL OR contact_name IS NOT NULL OR subject_name IS NOT NULL OR address IS NOT NULL OR details IS NOT NULL OR attachments IS NOT NULL)`,
  },
  {
    name: "the department of a request belongs to its community",
    sql: `SELECT r.id, r.department_key FROM help_request r
          WHERE NOT EXISTS (SELECT 1 FROM department d WHERE d.key = r.department_key AND d.community_id = r.community_id)`,
  },
  {
    name: "texts within the dialogue's limits",
    sql: `SELECT id FROM help_request WHERE length(contact_name) > 100 OR length(subject_name) > 100 OR length(subject_relation) > 60
          OR length(address) > 300 OR length(details) > 2000`,
  },
  {
    name: "a resident's messages stored within the limit",
    sql: `SELECT id, request_id, length(note) FROM request_event WHERE length(note) > 4096`,
  },
];

/** Open requests one resident may have (RequestService's default). */
export async function databaseProblems(prisma: PrismaClient, maxOpenPerResident = 5): Promise<string[]> {
  const problems: string[] = [];
  const show = (rows: unknown[]) => JSON.stringify(rows.slice(0, 5), (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  for (const check of CHECKS) {
    const rows = await prisma.$queryRawUnsafe<unknown[]>(check.sql);
    if (rows.length > 0) problems.push(`${check.name}: ${rows.length} rows, e.g. ${show(rows)}`);
  }
  const crowded = await prisma.$queryRawUnsafe<unknown[]>(
    `SELECT resident_id, count(*)::int AS open FROM help_request WHERE status IN ('new', 'in_progress', 'waiting_for_resident') AND resident_id IS NOT NULL
     GROUP BY resident_id HAVING count(*) > $1`,
    maxOpenPerResident,
  );
  if (crowded.length > 0) problems.push(`no resident has more than ${maxOpenPerResident} open requests: ${show(crowded)}`);
  return problems;
}
