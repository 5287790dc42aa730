import type { PrismaClient } from "../db/client.ts";
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
    const row = await this.prisma.consent.findUnique({ where: { residentId_purpose: { residentId, purpose } } });
    if (!row || row.withdrawnAt || row.version !== version) return null;
    if (this.now().getTime() - row.givenAt.getTime() > CONSENT_VALID_DAYS * 86_400_000) return null;
    return { purpose: row.purpose, version: row.version, givenAt: row.givenAt };
  }

  /** Records a consent just given (replacing an older or withdrawn one for the same purpose). */
  async give(residentId: bigint, purpose: string, version: string, resident: { locale: string; communityId?: string }): Promise<Date> {
    const givenAt = this.now();
    await this.prisma.$transaction(async (tx) => {
      // One statement (Prisma's upsert with nothing to update reads the row twice first).
      await tx.$executeRaw`
        INSERT INTO resident (id, locale, community_id, created_at) VALUES (${residentId}, ${resident.locale}, ${resident.communityId ?? null}, now())
        ON CONFLICT (id) DO NOTHING`;
      await tx.consent.upsert({
        where: { residentId_purpose: { residentId, purpose } },
        create: { residentId, purpose, version, givenAt },
        update: { version, givenAt, withdrawnAt: null },
      });
    });
    return givenAt;
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
