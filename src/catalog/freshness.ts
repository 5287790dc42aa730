import type { PrismaClient } from "../db/client.ts";
import { firstCodePoints } from "../requests/text.ts";
import type { Catalog } from "./catalog.ts";
import { effectiveAddress, effectivePhones, isWebSource } from "./coverage.ts";
import type { DepartmentDefinition, OfferDefinition, ProviderDefinition } from "./schema.ts";

/**
 * How fresh the catalogue's contact details are, and keeping them so: a provider's contact chat is
 * asked every `days` days whether its details are still right ("yes" sets lastConfirmed), a resident
 * or a provider can report a mistake (a correction note to the owning department's group, through
 * the outbox), and a department can list what nobody has confirmed for longer than `days`.
 * Nothing here logs or stores who wrote a correction: only the text, until it is delivered.
 */

/** The longest correction a resident or provider may send (Telegram shows it in one message). */
export const MAX_CORRECTION_LENGTH = 500;

export const providerKey = (communityId: string, providerId: string) => `${communityId}/${providerId}`;

export interface ProviderRef {
  key: string;
  communityId: string;
  provider: ProviderDefinition;
}

/** Where a card's facts for one provider come from: the phones' entry, else the address's, else the offer's. */
export function factsSource(provider: ProviderDefinition, offer: OfferDefinition): { source?: string; sourceDate?: string; verified: boolean } {
  const fact = effectivePhones(provider, offer) ?? effectiveAddress(provider, offer);
  if (fact && isWebSource(fact.source)) return { source: fact.source, sourceDate: fact.sourceDate, verified: offer.verified || provider.verified };
  if (isWebSource(offer.source)) return { source: offer.source, sourceDate: offer.sourceDate, verified: offer.verified };
  if (isWebSource(provider.source)) return { source: provider.source, sourceDate: provider.sourceDate, verified: provider.verified };
  return { verified: offer.verified || provider.verified };
}

/** 2024-12-04 → 04.12.2024, 2024-12 → 12.2024, 2024 → 2024. */
export function formatSourceDate(date: string): string {
  return date.split("-").reverse().join(".");
}

export function formatDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(date.getUTCDate())}.${pad(date.getUTCMonth() + 1)}.${date.getUTCFullYear()}`;
}

/** The host of a source page, without www. */
export function sourceHost(source: string): string {
  try {
    return new URL(source).hostname.replace(/^www\./, "");
  } catch {
    return source;
  }
}

export interface StaleEntry {
  key: string;
  provider: ProviderDefinition;
  lastConfirmed?: Date;
}

export type CorrectionOrigin = "resident" | "provider";

export interface Correction {
  communityId: string;
  /** The service whose card the resident saw (routes the note to its department). */
  serviceId?: string;
  /** The provider the note is about (a contact chat's answer). */
  providerKey?: string;
  text: string;
  origin: CorrectionOrigin;
  /** A resident's: the story the card answered (requests/story.ts), so staff see what was needed. */
  need?: string;
}

/** The most of that story a correction note carries. */
export const MAX_CORRECTION_NEED_LENGTH = 1000;

/** How long the providers' confirmations are kept between reads (see confirmedAt). */
export const CONFIRMATIONS_TTL_MS = 60_000;

export class FreshnessService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalog: Catalog,
    /** Details not confirmed for longer than this are asked about, and listed by /stale. */
    readonly days: number,
  ) {}

  provider(key: string): ProviderRef | undefined {
    const slash = key.indexOf("/");
    if (slash < 0) return undefined;
    const communityId = key.slice(0, slash);
    const provider = this.catalog.communities.get(communityId)?.providers.find((candidate) => candidate.id === key.slice(slash + 1));
    return provider ? { key, communityId, provider } : undefined;
  }

  /**
   * When each of these providers last confirmed its details (absent: never). Every search shows cards
   * that ask this, so the confirmations (one small row per provider) are read at most once a minute
   * and kept (a query per search was a third of a search's CPU on the embedded database); a
   * confirmation in this process is seen at once, another instance's within CONFIRMATIONS_TTL_MS.
   */
  async confirmedAt(keys: readonly string[]): Promise<Map<string, Date>> {
    if (keys.length === 0) return new Map();
    const all = await this.confirmations();
    const found = new Map<string, Date>();
    for (const key of keys) {
      const at = all.get(key);
      if (at) found.set(key, at);
    }
    return found;
  }

  private confirmationsRead?: { at: number; rows: Promise<Map<string, Date>> };
  private confirmations(): Promise<Map<string, Date>> {
    const now = Date.now();
    const read = this.confirmationsRead;
    if (read && now >= read.at && now - read.at < CONFIRMATIONS_TTL_MS) return read.rows;
    const rows = this.prisma.providerCheck
      .findMany({ where: { lastConfirmed: { not: null } }, select: { providerKey: true, lastConfirmed: true } })
      .then((found) => new Map(found.map((row) => [row.providerKey, row.lastConfirmed!])));
    this.confirmationsRead = { at: now, rows };
    // A failed read is not kept: the next search asks the database again.
    rows.catch(() => {
      if (this.confirmationsRead?.rows === rows) this.confirmationsRead = undefined;
    });
    return rows;
  }

  /** The provider's contact chat said its details are still right. */
  async confirm(key: string, now: Date): Promise<void> {
    await this.prisma.providerCheck.upsert({ where: { providerKey: key }, create: { providerKey: key, lastConfirmed: now }, update: { lastConfirmed: now } });
    this.confirmationsRead = undefined;
  }

  /**
   * Queues the question "are these details still right?" to every contact chat not asked and not
   * confirmed within `days`; returns how many. The claim on lastAskedAt and the outbox row are one
   * transaction, so two instances never ask twice.
   */
  async queueQuestions(now: Date): Promise<number> {
    const since = new Date(now.getTime() - this.days * 86_400_000);
    let queued = 0;
    for (const community of this.catalog.communities.values()) {
      for (const provider of community.providers) {
        if (provider.contactChatId === undefined) continue;
        const key = providerKey(community.id, provider.id);
        const asked = await this.prisma.$transaction(async (tx) => {
          const check = await tx.providerCheck.findUnique({ where: { providerKey: key } });
          if (check?.lastConfirmed && check.lastConfirmed > since) return false;
          if (check?.lastAskedAt && check.lastAskedAt > since) return false;
          if (check) {
            const claimed = await tx.providerCheck.updateMany({
              where: { providerKey: key, OR: [{ lastAskedAt: null }, { lastAskedAt: { lte: since } }] },
              data: { lastAskedAt: now },
            });
            if (claimed.count === 0) return false;
          } else {
            await tx.providerCheck.create({ data: { providerKey: key, lastAskedAt: now } });
          }
          await tx.outboxMessage.create({ data: { chatId: BigInt(provider.contactChatId!), kind: "provider-check", payload: { providerKey: key } } });
          return true;
        });
        if (asked) queued += 1;
      }
    }
    return queued;
  }

  /** The department that owns a correction: the service's, else one that answers for the provider's services, else the general one. */
  departmentFor(correction: Pick<Correction, "communityId" | "serviceId" | "providerKey">): DepartmentDefinition | undefined {
    if (correction.serviceId) return this.catalog.departmentFor(correction.communityId, correction.serviceId);
    const provider = correction.providerKey ? this.provider(correction.providerKey) : undefined;
    const firstService = provider?.provider.offers[0]?.service;
    return this.catalog.departmentFor(correction.communityId, firstService);
  }

  /**
   * Queues a correction note for the owning department's group (or the general department's when that
   * one has no group yet); false when no group can receive it.
   */
  async queueCorrection(correction: Correction): Promise<boolean> {
    const department = this.departmentFor(correction);
    const chatId = department?.chatId ?? this.catalog.generalDepartment(correction.communityId)?.chatId;
    if (chatId === undefined) return false;
    const text = firstCodePoints(correction.text.trim(), MAX_CORRECTION_LENGTH);
    await this.prisma.outboxMessage.create({
      data: {
        chatId: BigInt(chatId),
        kind: "catalog-correction",
        payload: {
          communityId: correction.communityId,
          origin: correction.origin,
          text,
          ...(correction.serviceId ? { serviceId: correction.serviceId } : {}),
          ...(correction.providerKey ? { providerKey: correction.providerKey } : {}),
          ...(correction.need?.trim() ? { need: firstCodePoints(correction.need.trim(), MAX_CORRECTION_NEED_LENGTH) } : {}),
        },
      },
    });
    return true;
  }

  /**
   * The providers a department answers for (those offering a service routed to it; every provider of
   * the community for the general department) not confirmed within `days`, oldest first.
   */
  async stale(communityId: string, department: DepartmentDefinition, now: Date): Promise<StaleEntry[]> {
    const community = this.catalog.communities.get(communityId);
    if (!community) return [];
    const owned = department.general
      ? community.providers
      : community.providers.filter((provider) => provider.offers.some((offer) => this.catalog.departmentFor(communityId, offer.service)?.id === department.id));
    // Staff's list reads the database itself (the cards' copy may be a minute old).
    this.confirmationsRead = undefined;
    const confirmed = await this.confirmedAt(owned.map((provider) => providerKey(communityId, provider.id)));
    const since = now.getTime() - this.days * 86_400_000;
    return owned
      .map((provider) => {
        const key = providerKey(communityId, provider.id);
        const lastConfirmed = confirmed.get(key);
        return { key, provider, ...(lastConfirmed ? { lastConfirmed } : {}) };
      })
      .filter((entry) => !entry.lastConfirmed || entry.lastConfirmed.getTime() <= since)
      .sort((a, b) => (a.lastConfirmed?.getTime() ?? 0) - (b.lastConfirmed?.getTime() ?? 0) || a.key.localeCompare(b.key));
  }
}
