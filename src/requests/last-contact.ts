/**
 * The name and phone a resident gave in their last request that still has them (not erased), offered
 * with one tap for the next request («так, той самий»). One SQL text, used alone (RequestService) and
 * joined to the consent's statements (consent.ts), so a request dialogue's start asks the database once.
 */
export interface LastContact {
  contactName: string;
  /** With `contactByBotOnly`: for SMS only, never called. */
  phone?: string;
  contactByBotOnly: boolean;
}

/** The resident's ($1) latest request with a name and a phone (or «only in the bot»): at most one row. */
export const LAST_CONTACT_SQL = `SELECT contact_name, phone, contact_by_bot_only FROM help_request
  WHERE resident_id = $1::bigint AND anonymised_at IS NULL AND contact_name IS NOT NULL AND (phone IS NOT NULL OR contact_by_bot_only)
  ORDER BY created_at DESC LIMIT 1`;

export interface LastContactRow {
  contact_name: string | null;
  phone: string | null;
  contact_by_bot_only: boolean | null;
}

/**
 * The row as the contact to offer: a phone with «only in the bot» is the SMS-only number («тільки смс»),
 * kept as it was given (it was dropped, and an SMS-only resident was offered «відповідати лише тут»).
 */
export function lastContactOf(row: LastContactRow | undefined): LastContact | null {
  if (!row?.contact_name) return null;
  return { contactName: row.contact_name, ...(row.phone ? { phone: row.phone } : {}), contactByBotOnly: row.contact_by_bot_only ?? false };
}
