import type { Catalog } from "../catalog/catalog.ts";
import { ANNOUNCEMENT_PRIORITY } from "./announcements.ts";
import type { AnnouncementTopic } from "../catalog/schema.ts";
import type { PrismaClient } from "../db/client.ts";
import { sqlOf, type Statement } from "../db/sql.ts";

/** The one offer of news after a request, sent this long after it (outbox kind NEWS_OFFER_KIND). */
export const NEWS_OFFER_KIND = "news-offer";
export const NEWS_OFFER_DELAY_MS = 60_000;

/**
 * Residents' opt-in to their community's announcements: which topics, nothing else. A resident with
 * no topic left has no subscription (the row goes); «Відписатися», /privacy, /delete_me (the row goes
 * with the resident) and retention (a resident who blocked the bot) remove it.
 */
export class SubscriptionService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalog: Catalog,
  ) {}

  /** The community's topics, in the catalogue's order. */
  topicsOf(communityId: string | undefined): AnnouncementTopic[] {
    return (communityId ? this.catalog.communities.get(communityId)?.announcementTopics : undefined) ?? [];
  }

  /** The topics the resident subscribed to (only those the catalogue still has), or [] when not subscribed. */
  async topics(residentId: bigint): Promise<string[]> {
    const row = await this.prisma.announcementSubscription.findUnique({ where: { residentId } });
    if (!row) return [];
    const known = new Set(this.topicsOf(row.communityId).map((topic) => topic.id));
    return row.topics.filter((topic) => known.has(topic));
  }

  /** The community of the resident's subscription, if any. */
  async communityOf(residentId: bigint): Promise<string | undefined> {
    const row = await this.prisma.announcementSubscription.findUnique({ where: { residentId }, select: { communityId: true } });
    return row?.communityId;
  }

  /** Turns one topic on or off; returns the topics now chosen. */
  async toggle(residentId: bigint, communityId: string, topicId: string, locale: string, now = new Date()): Promise<string[]> {
    if (!this.topicsOf(communityId).some((topic) => topic.id === topicId)) return this.topics(residentId);
    return this.prisma.$transaction(async (tx) => {
      await tx.resident.upsert({ where: { id: residentId }, create: { id: residentId, locale, communityId }, update: {} });
      const row = await tx.announcementSubscription.findUnique({ where: { residentId } });
      const current = row && row.communityId === communityId ? row.topics : [];
      const topics = current.includes(topicId) ? current.filter((topic) => topic !== topicId) : [...current, topicId];
      await tx.announcementSubscription.upsert({
        where: { residentId },
        create: { residentId, communityId, topics, offeredAt: now },
        update: { communityId, topics },
      });
      return topics;
    });
  }

  /** Subscribes to every topic of the community (one tap from the offer after a request). */
  async subscribeAll(residentId: bigint, communityId: string, locale: string, now = new Date()): Promise<string[]> {
    const topics = this.topicsOf(communityId).map((topic) => topic.id);
    await this.prisma.$transaction(async (tx) => {
      await tx.resident.upsert({ where: { id: residentId }, create: { id: residentId, locale, communityId }, update: {} });
      await tx.announcementSubscription.upsert({
        where: { residentId },
        create: { residentId, communityId, topics, offeredAt: now },
        update: { communityId, topics },
      });
    });
    return topics;
  }

  /** Withdraws the subscription; returns whether there was one. */
  async unsubscribe(residentId: bigint): Promise<boolean> {
    const { count } = await this.prisma.announcementSubscription.updateMany({ where: { residentId, NOT: { topics: { isEmpty: true } } }, data: { topics: [] } });
    return count > 0;
  }

  /**
   * Whether to offer news after a request: the community has topics, the resident is not subscribed
   * and was never offered. Marks the offer made (it is made once).
   */
  async offerOnce(residentId: bigint, communityId: string, now = new Date()): Promise<boolean> {
    const offer = this.offerOnceStatement(residentId, communityId, now);
    if (!offer) return false;
    return (await sqlOf(this.prisma).query(offer.text, offer.params)).length > 0;
  }

  /**
   * offerOnce's statement, to run with the request's (RequestService.createRequest's `also`: one round
   * trip): with `submitKey`, only if the request of that key is the resident's (made just before it in
   * the same transaction, or by an earlier «send» of the same dialogue). Undefined when the community
   * has no topics. Returns a row when it offered.
   */
  offerOnceStatement(residentId: bigint, communityId: string, now = new Date(), submitKey?: string): Statement | undefined {
    if (this.topicsOf(communityId).length === 0) return undefined;
    // One statement: the offer is marked made once per resident, and only a resident with a row (not
    // erased meanwhile) gets it. A little later, through the outbox: the resident reads the request's
    // confirmation first. At the announcements' low priority, so the waiting offer never heads the
    // chat's queue: staff's answers and status messages to this resident go first, not a minute later.
    const written = new Date().toISOString();
    return {
      text: `WITH offered AS (
         INSERT INTO announcement_subscription (resident_id, community_id, topics, offered_at, created_at, updated_at)
         SELECT $1::bigint, $2::text, '{}', $3::timestamp, $4::timestamp, $4::timestamp
         WHERE EXISTS (SELECT 1 FROM resident WHERE id = $1::bigint)
           AND ($8::text IS NULL OR EXISTS (SELECT 1 FROM help_request WHERE submit_key = $8::text AND resident_id = $1::bigint))
         ON CONFLICT (resident_id) DO NOTHING
         RETURNING resident_id)
       INSERT INTO outbox_message (chat_id, kind, payload, priority, available_at, created_at)
       SELECT resident_id, $5::text, '{}'::jsonb, $6::int, $7::timestamp, $4::timestamp FROM offered
       RETURNING id::text`,
      params: [
        residentId.toString(),
        communityId,
        now.toISOString(),
        written,
        NEWS_OFFER_KIND,
        ANNOUNCEMENT_PRIORITY,
        new Date(now.getTime() + NEWS_OFFER_DELAY_MS).toISOString(),
        submitKey ?? null,
      ],
    };
  }

  /** How many residents an announcement on these topics would reach now (blocked residents left out). */
  async countRecipients(communityId: string, topics: readonly string[]): Promise<number> {
    if (topics.length === 0) return 0;
    return this.prisma.announcementSubscription.count({
      where: { communityId, topics: { hasSome: [...topics] }, resident: { blockedAt: null } },
    });
  }

  /**
   * Retention: a subscription nobody can receive — the resident blocked the bot longer than the
   * retention period ago — is deleted, with its id; so is an empty one (never subscribed) as old.
   */
  async eraseStale(before: Date): Promise<number> {
    const { count } = await this.prisma.announcementSubscription.deleteMany({
      where: { OR: [{ resident: { blockedAt: { lt: before } } }, { topics: { isEmpty: true }, updatedAt: { lt: before } }] },
    });
    return count;
  }
}
