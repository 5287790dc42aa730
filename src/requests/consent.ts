import type { PrismaClient } from "../db/client.ts";
import { queryWith, sqlOf, type Statement } from "../db/sql.ts";
import { LAST_CONTACT_SQL, lastContactOf, type LastContact, type LastContactRow } from "./last-contact.ts";
import { OPEN_STATUSES } from "./lifecycle.ts";

/**
 * Consent remembered per purpose: a resident agrees once to their data being processed to handle their
 * requests in one community, and the next request does not ask again while that consent holds — until
 * they withdraw it (/privacy), the consent text changes (its version), or a year passes. /delete_me
 * removes it with the resident's row. No Telegram here.
 */

/**
 * The consent text's version. Bump it when `req-consent` (locales/*) changes what it says: everyone is
 * asked again. The retention period is part of the text, so it is part of the version too.
 */
export const CONSENT_TEXT_VERSION = 1;
/** How long a consent holds without being asked again. */
export const CONSENT_VALID_DAYS = 365;

export const consentVersion = (retentionDays: number) => `${CONSENT_TEXT_VERSION}/${retentionDays}d`;
export const requestsPurpose = (communityId: string) => `requests:${communityId}`;
/** The community a `requests:` purpose names. */
export const communityOfPurpose = (purpose: string) => (purpose.startsWith("requests:") ? purpose.slice("requests:".length) : undefined);

export interface GivenConsent {
  purpose: string;
  version: string;
  givenAt: Date;
}

export class ConsentService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The consent that holds for this purpose and text version, if any. */
  async current(residentId: bigint, purpose: string, version: string): Promise<GivenConsent | null> {
    return (await this.currentWithLastContact(residentId, purpose, version)).consent;
  }

  /**
   * The consent that holds, and the resident's last contact (last-contact.ts), in one statement through
   * the driver: what a request dialogue needs to start (src/db/sql.ts). `also`: statements run after it
   * in the same round trip and transaction (Sql.batch; the dialogue's session, waiting for consent).
   */
  async currentWithLastContact(
    residentId: bigint,
    purpose: string,
    version: string,
    also: readonly Statement[] = [],
  ): Promise<{ consent: GivenConsent | null; lastContact: LastContact | null }> {
    const [row] = await queryWith<{ version: string | null; given_at: number | null; withdrawn: boolean | null } & LastContactRow>(sqlOf(this.prisma), {
      text: `SELECT consent.version, (extract(epoch FROM consent.given_at) * 1000)::float8 AS given_at, consent.withdrawn_at IS NOT NULL AS withdrawn,
         last.contact_name, last.phone, last.contact_by_bot_only
       FROM (SELECT 1) AS one
       LEFT JOIN resident_consent AS consent ON consent.resident_id = $1::bigint AND consent.purpose = $2::text
       LEFT JOIN LATERAL (${LAST_CONTACT_SQL}) AS last ON true`,
      params: [residentId.toString(), purpose],
    }, also);
    return { consent: this.holding(row, purpose, version), lastContact: lastContactOf(row) };
  }

  private holding(row: { version: string | null; given_at: number | null; withdrawn: boolean | null } | undefined, purpose: string, version: string): GivenConsent | null {
    if (!row || row.version === null || row.withdrawn || row.version !== version) return null;
    const givenAt = new Date(Number(row.given_at));
    if (this.now().getTime() - givenAt.getTime() > CONSENT_VALID_DAYS * 86_400_000) return null;
    return { purpose, version: row.version, givenAt };
  }

  /** Records a consent just given (replacing an older or withdrawn one for the same purpose). */
  async give(residentId: bigint, purpose: string, version: string, resident: { locale: string; communityId?: string }): Promise<Date> {
    return (await this.giveWithLastContact(residentId, purpose, version, resident)).givenAt;
  }

  /**
   * Records a consent just given and reads the resident's last contact, in one statement through the
   * driver: the resident's row if there is none yet, the consent, the last contact (a request dialogue
   * asks for the name and phone next). `also`: statements run after it in the same round trip and
   * transaction (Sql.batch), made once the consent's time is known (the dialogue's session, which holds it).
   */
  async giveWithLastContact(
    residentId: bigint,
    purpose: string,
    version: string,
    resident: { locale: string; communityId?: string },
    also: (givenAt: Date) => readonly Statement[] = () => [],
  ): Promise<{ givenAt: Date; lastContact: LastContact | null }> {
    const givenAt = this.now();
    const [row] = await queryWith<LastContactRow>(sqlOf(this.prisma), {
      text: `WITH resident AS (
         INSERT INTO resident (id, locale, community_id, created_at) VALUES ($1::bigint, $2::text, $3::text, $4::timestamp)
         ON CONFLICT (id) DO NOTHING
       ), consent AS (
         INSERT INTO resident_consent (resident_id, purpose, version, given_at) VALUES ($1::bigint, $5::text, $6::text, $7::timestamp)
         ON CONFLICT (resident_id, purpose) DO UPDATE SET version = EXCLUDED.version, given_at = EXCLUDED.given_at, withdrawn_at = NULL
       )
       SELECT last.contact_name, last.phone, last.contact_by_bot_only FROM (SELECT 1) AS one LEFT JOIN LATERAL (${LAST_CONTACT_SQL}) AS last ON true`,
      params: [residentId.toString(), resident.locale, resident.communityId ?? null, new Date().toISOString(), purpose, version, givenAt.toISOString()],
    }, also(givenAt));
    return { givenAt, lastContact: lastContactOf(row) };
  }

  /** Consents given and not withdrawn (whatever their version), oldest first: what /privacy shows. */
  async active(residentId: bigint): Promise<GivenConsent[]> {
    const rows = await this.prisma.consent.findMany({ where: { residentId, withdrawnAt: null }, orderBy: { givenAt: "asc" } });
    return rows.map((row) => ({ purpose: row.purpose, version: row.version, givenAt: row.givenAt }));
  }

  /**
   * Withdraws every consent the resident gave: new requests ask again. Requests already sent stay with
   * staff until closed (then erased after the retention period); returns how many are open.
   */
  async withdraw(residentId: bigint): Promise<{ withdrawn: number; openRequests: number }> {
    const now = this.now();
    const { count } = await this.prisma.consent.updateMany({ where: { residentId, withdrawnAt: null }, data: { withdrawnAt: now } });
    const openRequests = await this.prisma.helpRequest.count({ where: { residentId, status: { in: [...OPEN_STATUSES] } } });
    return { withdrawn: count, openRequests };
  }
}
