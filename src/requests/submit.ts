import type { Sql, Statement } from "../db/sql.ts";
import { kyivDay } from "../kyiv-time.ts";
import { detectDanger } from "./danger.ts";
import { OPEN_STATUSES } from "./lifecycle.ts";
import { TooManyOpenRequestsError, type CreatedRequest, type RequestDraft } from "./model.ts";

/**
 * A resident's request saved: its resident row, number, the request, its «created» event and the
 * department's messages in the outbox (the card, one per attachment) — in one transaction of two
 * statements through the driver (src/db/sql.ts, `batch`: both prepared statements in one
 * round trip), where Prisma's models took twelve round trips.
 *
 * 1. The resident's row, upserted: it locks the row, so two requests of one resident sent at once
 *    are counted one after the other (READ COMMITTED: the second statement's snapshot is taken after
 *    the lock, so it sees the other's committed request).
 * 2. Everything else in one statement: the request this submit key already made (a double tap, a
 *    «send» replayed after a crash: exactly once), the open requests counted against the limit,
 *    and only when both allow it the next number of the community's year, the request, its event
 *    and the outbox rows (to the department's group, else the general department's; none without a
 *    group yet: the request is kept and shows up in /overdue and exports).
 */

export interface SubmitTarget {
  /** «ЖТ»: the community's request prefix. */
  requestPrefix: string;
  /** `<community>/<department>`, routed from the catalogue. */
  departmentKey: string;
  maxOpen: number;
}

/** ЖТ-2026-00042 from the counter, as formatRequestNumber (numbering.ts) writes it: at least five digits. */
const NUMBER_SQL = `$9 || '-' || $10::int || '-' || CASE WHEN counter.last < 100000 THEN lpad(counter.last::text, 5, '0') ELSE counter.last::text END`;

const RESIDENT = `INSERT INTO resident (id, locale, community_id, created_at) VALUES ($1::bigint, $2::text, $3::text, $4::timestamp)
  ON CONFLICT (id) DO UPDATE SET locale = EXCLUDED.locale`;

const STATEMENT = `
WITH made AS (
  SELECT id, number, department_key, resident_id FROM help_request WHERE submit_key = $3::text
), open AS (
  SELECT count(*)::int AS n FROM help_request WHERE resident_id = $1::bigint AND status::text = ANY($4::text[])
), go AS (
  SELECT 1 AS go WHERE NOT EXISTS (SELECT 1 FROM made WHERE resident_id = $1::bigint) AND (SELECT n FROM open) < $5::int
), counter AS (
  INSERT INTO request_counter (community_id, year, last) SELECT $6::text, $10::int, 1 FROM go
  ON CONFLICT (community_id, year) DO UPDATE SET last = request_counter.last + 1
  RETURNING last
), request AS (
  INSERT INTO help_request (
    number, community_id, service_id, department_key, resident_id, locale, on_behalf, subject_name, subject_relation,
    contact_name, phone, address, details, attachments, call_back, call_back_time, consent_at, submit_key, danger,
    contact_by_bot_only, second_contact_name, second_phone, created_at, updated_at)
  SELECT ${NUMBER_SQL}, $6::text, $11::text, $7::text, $1::bigint, $2::text, $12::boolean, $13::text, $14::text,
    $15::text, $16::text, $17::text, $18::text, $19::jsonb, $20::boolean, $21::text, $22::timestamp, $3::text, $23::boolean,
    $24::boolean, $25::text, $26::text, $8::timestamp, $27::timestamp
  FROM counter
  RETURNING id, number
), event AS (
  INSERT INTO request_event (request_id, at, actor_kind, actor_id, type, to_status)
  SELECT id, $8::timestamp, 'resident', $1::bigint, 'created', 'new' FROM request
), chat AS (
  SELECT coalesce(
    (SELECT chat_id FROM department WHERE key = $7::text),
    (SELECT chat_id FROM department WHERE community_id = $6::text AND general ORDER BY position LIMIT 1)
  ) AS chat_id
), outbox AS (
  INSERT INTO outbox_message (chat_id, kind, request_id, payload, created_at, available_at)
  SELECT chat.chat_id, item.value ->> 'kind', request.id, item.value -> 'payload', $27::timestamp, $27::timestamp
  FROM request, chat, jsonb_array_elements($28::jsonb) WITH ORDINALITY AS item(value, n)
  WHERE chat.chat_id IS NOT NULL
  ORDER BY item.n
)
SELECT (SELECT n FROM open) AS open,
  (SELECT id FROM request) AS id, (SELECT number FROM request) AS number,
  made.id AS made_id, made.number AS made_number, made.department_key AS made_department_key, made.resident_id::text AS made_resident_id
FROM (SELECT 1) AS one LEFT JOIN made ON true`;

interface Row {
  open: number;
  id: number | null;
  number: string | null;
  made_id: number | null;
  made_number: string | null;
  made_department_key: string | null;
  made_resident_id: string | null;
}

/**
 * Saves the request (see above); `now` is the request's time (its clock), the rows' own timestamps are
 * the real time. `also`: the caller's statements, run after the request's in the same transaction and
 * round trip (the news offer, the session that ends the dialogue); they see the request just made.
 */
export async function submitRequest(
  sql: Sql,
  target: SubmitTarget,
  residentId: bigint,
  locale: string,
  draft: RequestDraft,
  now: Date,
  also: readonly Statement[] = [],
): Promise<CreatedRequest> {
  const resident = residentId.toString();
  const written = new Date().toISOString();
  const outbox = [{ kind: "staff-card", payload: {} }, ...draft.attachments.map((_, index) => ({ kind: "staff-attachment", payload: { index } }))];
  const [, rows] = await sql.batch([
    { text: RESIDENT, params: [resident, locale, draft.communityId, written] },
    {
      text: STATEMENT,
      params: [
      resident, // $1
      locale,
      draft.submitKey ?? null,
      [...OPEN_STATUSES],
      target.maxOpen, // $5
      draft.communityId,
      target.departmentKey,
      now.toISOString(),
      target.requestPrefix,
      kyivDay(now).year, // $10: request numbers follow the calendar residents live by (Kyiv's)
      draft.serviceId ?? null,
      draft.onBehalf,
      draft.subjectName ?? null,
      draft.subjectRelation ?? null,
      draft.contactName ?? null, // $15
      draft.phone ?? null,
      draft.address ?? null,
      draft.details ?? null,
      draft.attachments.length > 0 ? JSON.stringify(draft.attachments) : null,
      draft.callBack, // $20
      draft.callBackTime ?? null,
      draft.consentAt.toISOString(),
      // 🆘 when the dialogue says so, or when the resident's own words signal danger.
      draft.danger ?? (draft.details !== undefined && detectDanger(draft.details).length > 0),
      draft.contactByBotOnly ?? false,
      draft.secondContact?.name ?? null, // $25
      draft.secondContact?.phone ?? null,
      written,
      JSON.stringify(outbox),
      ],
    },
    ...also,
  ]);
  const [row] = rows as Row[];
  if (!row) throw new Error("the request's statement returned no row");
  if (row.made_id !== null && row.made_resident_id === resident) {
    return { id: row.made_id, number: row.made_number!, departmentKey: row.made_department_key!, alreadySent: true };
  }
  if (row.id === null) {
    // Nothing was written but the resident's row (committed: it is the resident's, as on choosing a community).
    if (row.open >= target.maxOpen) throw new TooManyOpenRequestsError(target.maxOpen);
    throw new Error("the request was not saved");
  }
  return { id: row.id, number: row.number!, departmentKey: target.departmentKey };
}
