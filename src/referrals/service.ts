import type { Catalog } from "../catalog/catalog.ts";
import { DEFAULT_REFERRAL_ANSWER_DAYS } from "../config.ts";
import type { PrismaClient } from "../db/client.ts";
import type { HelpRequest, Prisma, Referral } from "../generated/prisma/client.ts";
import { changeStatus, departmentChatId, queueForDepartment } from "../requests/changes.ts";
import { OPEN_STATUSES } from "../requests/lifecycle.ts";
import { RequestNotFoundError, type Tx } from "../requests/model.ts";
import { ACTIVE_REFERRAL_STATUSES, changeReferral, StaleReferralError, type ReferralActor, type ReferralStatus } from "./lifecycle.ts";
import { Partners, type Partner } from "./partners.ts";
import { workingDaysAfter } from "./working-days.ts";

/**
 * Referrals to partner organisations, with the resident's consent (issue 21). Staff choose a partner
 * that takes referrals for the request's service; the resident is asked whether the partner may have
 * their name, phone and what they need; only after «так» does the partner's group get a card with
 * exactly that. The partner accepts, declines (with a reason, for the department) or reports the help
 * given, which closes the request and asks the resident «Чи допомогли Вам?». A partner silent for N
 * working days gives the referral back to the department. No Telegram here: every message goes
 * through the outbox (kinds below), written in the same transaction as the change.
 */

/** Outbox kinds of referrals; src/bot/referral-delivery.ts renders them. */
export const REFERRAL_OUTBOX_KINDS = ["referral-consent", "referral-card", "referral-card-update", "referral-resident", "referral-department"] as const;
export type ReferralOutboxKind = (typeof REFERRAL_OUTBOX_KINDS)[number];

export type PartnerAction = "accept" | "decline" | "done";

/** Why a referral cannot be made, in words the bot layer turns into a message. */
export type ReferralRefusal = "not-a-partner" | "not-offered" | "already-active" | "closed" | "no-resident";
export class ReferralRefusedError extends Error {
  override name = "ReferralRefusedError";
  constructor(readonly reason: ReferralRefusal) {
    super(`referral refused: ${reason}`);
  }
}

/** A partner pressed on a referral that was not sent to it (or a forged button). */
export class ForeignReferralError extends Error {
  override name = "ForeignReferralError";
}

export interface ReferralFigures {
  /** By partner (provider key): how many referrals were made, and how each ended or stands. */
  byPartner: Array<{ providerKey: string; total: number; byStatus: Record<ReferralStatus, number> }>;
  total: number;
}

const emptyCounts = (): Record<ReferralStatus, number> => ({ asked: 0, refused: 0, sent: 0, accepted: 0, declined: 0, done: 0, returned: 0, withdrawn: 0 });

export interface ReferralServiceOptions {
  prisma: PrismaClient;
  catalog: Catalog;
  now?: () => Date;
  /** Config.referralAnswerDays: working days a partner has to answer. */
  answerDays?: number;
}

export class ReferralService {
  readonly partners: Partners;
  private readonly prisma: PrismaClient;
  private readonly now: () => Date;
  readonly answerDays: number;

  constructor({ prisma, catalog, now = () => new Date(), answerDays = DEFAULT_REFERRAL_ANSWER_DAYS }: ReferralServiceOptions) {
    this.prisma = prisma;
    this.partners = new Partners(catalog);
    this.now = now;
    this.answerDays = answerDays;
  }

  /**
   * Staff refer a request to a partner: the resident is asked first (nothing reaches the partner yet).
   * An untaken request is taken by whoever refers it.
   */
  async refer(requestId: number, providerKey: string, staff: { id: bigint; name?: string }): Promise<Referral> {
    return this.prisma.$transaction(async (tx) => {
      const request = await tx.helpRequest.findUnique({ where: { id: requestId } });
      if (!request) throw new RequestNotFoundError(`no request ${requestId}`);
      const partner = this.partners.get(providerKey);
      if (!partner || partner.communityId !== request.communityId) throw new ReferralRefusedError("not-a-partner");
      if (!request.serviceId || !partner.referrals.services.includes(request.serviceId)) throw new ReferralRefusedError("not-offered");
      if (!OPEN_STATUSES.includes(request.status) || request.anonymisedAt) throw new ReferralRefusedError("closed");
      // Consent is the resident's to give, in the bot: a request without its resident cannot be referred.
      if (request.residentId === null) throw new ReferralRefusedError("no-resident");
      const active = await tx.referral.findMany({ where: { requestId, status: { in: [...ACTIVE_REFERRAL_STATUSES] } } });
      if (active.some((referral) => referral.status !== "asked")) throw new ReferralRefusedError("already-active");
      const now = this.now();
      const actor = { kind: "staff" as const, id: staff.id, ...(staff.name ? { name: staff.name } : {}) };
      // A question the resident has not answered yet gives way to the new one (its buttons then say so):
      // a resident who never answers does not keep the department from referring elsewhere.
      for (const unanswered of active) await changeReferral(tx, now, unanswered, "withdrawn", actor);
      if (request.status === "new") await changeStatus(tx, now, request, "in_progress", actor, { notifyResident: false });
      const referral = await tx.referral.create({
        data: { requestId, providerKey, status: "asked", partnerChatId: BigInt(partner.referrals.chatId), staffId: staff.id, staffName: staff.name?.slice(0, 64) ?? null, createdAt: now },
      });
      await tx.requestEvent.create({
        data: { requestId, at: now, actorKind: "staff", actorId: staff.id, actorName: staff.name?.slice(0, 64) ?? null, type: "referral-asked" },
      });
      await queue(tx, request.residentId, "referral-consent", requestId, { referralId: referral.id });
      await queueForDepartment(tx, requestId, request.departmentKey, "staff-card-update", {});
      return referral;
    });
  }

  /**
   * The resident's answer to the consent question. «так»: the partner's group gets the card; «ні»:
   * nothing is sent, the department is told. Only the resident of the request can answer, once.
   */
  async answerConsent(referralId: number, residentId: bigint, agree: boolean): Promise<{ referral: Referral; request: HelpRequest }> {
    return this.prisma.$transaction(async (tx) => {
      const referral = await tx.referral.findUnique({ where: { id: referralId }, include: { request: true } });
      if (!referral || referral.request.residentId !== residentId) throw new RequestNotFoundError(`referral ${referralId} is not this resident's`);
      const { request } = referral;
      if (agree && (!OPEN_STATUSES.includes(request.status) || request.anonymisedAt)) throw new StaleReferralError(`request ${request.id} is ${request.status}`);
      const now = this.now();
      const actor: ReferralActor = { kind: "resident", id: residentId };
      const changed = agree
        ? await changeReferral(tx, now, referral, "sent", actor, { data: { consentAt: now, sentAt: now } })
        : await changeReferral(tx, now, referral, "refused", actor);
      if (agree) await queue(tx, changed.partnerChatId, "referral-card", request.id, { referralId });
      await this.toDepartment(tx, request, referralId, agree ? "referral-dept-sent" : "referral-dept-refused");
      return { referral: changed, request };
    });
  }

  /**
   * A partner's answer on its card: accept, decline (with a reason for the department) or done. Only
   * in the group the referral was sent to. «Done» closes the department's request (outcome «referred»)
   * and asks the resident whether the help came.
   */
  async partnerAct(referralId: number, chatId: bigint, actor: { id: bigint; name?: string }, action: PartnerAction, reason?: string): Promise<Referral> {
    return this.prisma.$transaction(async (tx) => {
      const referral = await tx.referral.findUnique({ where: { id: referralId }, include: { request: true } });
      if (!referral || referral.partnerChatId !== chatId) throw new ForeignReferralError(`referral ${referralId} was not sent to chat ${chatId}`);
      const { request } = referral;
      if (request.anonymisedAt || request.status === "cancelled") throw new StaleReferralError(`request ${request.id} is ${request.status}`);
      const now = this.now();
      const partner = this.partners.get(referral.providerKey);
      const who: ReferralActor = { kind: "partner", id: actor.id, ...(actor.name ? { name: actor.name } : {}) };
      const to: ReferralStatus = action === "accept" ? "accepted" : action === "decline" ? "declined" : "done";
      const changed = await changeReferral(tx, now, referral, to, who, {
        ...(reason ? { note: reason } : {}),
        data: { ...(referral.answeredAt === null ? { answeredAt: now } : {}), ...(reason ? { declineReason: reason } : {}) },
      });
      let askFeedback = false;
      if (action === "done") {
        if (OPEN_STATUSES.includes(request.status)) {
          // The partner's organisation closes it, as a referral that helped; its name is on the card.
          const name = partner?.provider.name.uk.slice(0, 64);
          await changeStatus(tx, now, request, "resolved", { kind: "staff", id: actor.id, ...(name ? { name } : {}) }, { notifyResident: false, outcome: "referred" });
        }
        const current = await tx.helpRequest.findUniqueOrThrow({ where: { id: request.id } });
        // «Чи допомогли Вам?» once per request, as for the department's own closes.
        if (current.status === "resolved" && current.feedbackAskedAt === null) {
          await tx.helpRequest.update({ where: { id: request.id }, data: { feedbackAskedAt: now } });
          askFeedback = true;
        }
      }
      await queueCardUpdates(tx, changed);
      if (request.residentId !== null) await queue(tx, request.residentId, "referral-resident", request.id, { referralId, status: to, ...(askFeedback ? { askFeedback } : {}) });
      await this.toDepartment(tx, request, referralId, `referral-dept-${to}`);
      return changed;
    });
  }

  /**
   * The sweep: referrals a partner left unanswered for `answerDays` working days go back to the
   * department, with a reminder; those whose request was cancelled meanwhile are withdrawn. Returns
   * how many changed.
   */
  async sweep(): Promise<number> {
    const now = this.now();
    const candidates = await this.prisma.referral.findMany({
      where: {
        OR: [
          { status: "sent", sentAt: { lt: now } },
          { status: { in: [...ACTIVE_REFERRAL_STATUSES] }, request: { status: "cancelled" } },
          { status: { in: ["asked", "sent"] }, request: { status: { in: ["resolved", "rejected"] } } },
        ],
      },
      include: { request: { select: { status: true } } },
      orderBy: { id: "asc" },
      take: 200,
    });
    let changed = 0;
    for (const candidate of candidates) {
      // Withdrawn without a reminder: the resident cancelled the request, or the department closed it
      // before the partner took it on (a partner that accepted keeps it until it reports).
      const requestStatus = candidate.request.status;
      const cancelled = requestStatus === "cancelled" || (!OPEN_STATUSES.includes(requestStatus) && candidate.status !== "accepted");
      if (!cancelled && (candidate.status !== "sent" || workingDaysAfter(candidate.sentAt!, this.answerDays) > now)) continue;
      try {
        await this.prisma.$transaction(async (tx) => {
          const referral = await tx.referral.findUniqueOrThrow({ where: { id: candidate.id }, include: { request: true } });
          const { request } = referral;
          if (cancelled) {
            await changeReferral(tx, now, referral, "withdrawn", { kind: "system" });
            await queueCardUpdates(tx, referral);
            return;
          }
          await changeReferral(tx, now, referral, "returned", { kind: "system" });
          await queueCardUpdates(tx, referral);
          if (request.residentId !== null) await queue(tx, request.residentId, "referral-resident", request.id, { referralId: referral.id, status: "returned" });
          await this.toDepartment(tx, request, referral.id, "referral-dept-returned");
        });
        changed += 1;
      } catch (error) {
        if (!(error instanceof StaleReferralError)) throw error;
      }
    }
    return changed;
  }

  async get(referralId: number): Promise<(Referral & { request: HelpRequest }) | null> {
    return this.prisma.referral.findUnique({ where: { id: referralId }, include: { request: true } });
  }

  /** A request's referrals, oldest first (the department's card and «Мої звернення» show each step). */
  async forRequest(requestId: number): Promise<Referral[]> {
    return this.prisma.referral.findMany({ where: { requestId }, orderBy: { id: "asc" } });
  }

  /** The resident's referrals that wait for their «так» or «ні», oldest first. */
  async awaitingConsent(residentId: bigint): Promise<Array<Referral & { request: Pick<HelpRequest, "number"> }>> {
    return this.prisma.referral.findMany({
      where: { status: "asked", request: { residentId } },
      orderBy: { id: "asc" },
      include: { request: { select: { number: true } } },
    });
  }

  /** Records a message the bot sent to a partner's group about a referral (erasure reaches each). */
  async recordMessage(chatId: bigint, messageId: number, referralId: number, purpose: "card" | "decline-prompt"): Promise<void> {
    await this.prisma.referralMessage.upsert({
      where: { chatId_messageId: { chatId, messageId } },
      create: { chatId, messageId, referralId, purpose },
      update: { referralId, purpose },
    });
    if (purpose === "card") {
      await this.prisma.referral.updateMany({ where: { id: referralId, cardMessageId: null }, data: { cardChatId: chatId, cardMessageId: messageId } });
    }
  }

  async findByMessage(chatId: bigint, messageId: number): Promise<{ referralId: number; purpose: string } | null> {
    const found = await this.prisma.referralMessage.findUnique({ where: { chatId_messageId: { chatId, messageId } } });
    return found ? { referralId: found.referralId, purpose: found.purpose } : null;
  }

  /** The copies of a referral's card in its partner's group. */
  async cardCopies(referralId: number): Promise<number[]> {
    const copies = await this.prisma.referralMessage.findMany({ where: { referralId, purpose: "card" }, orderBy: { sentAt: "asc" }, select: { messageId: true } });
    return copies.map((copy) => copy.messageId);
  }

  /**
   * Referrals made in [from, to), by partner and how each ended or stands: for the departments'
   * requests (/stats in their group), or for some partners only (/stats in a partner's group).
   */
  async figures(scope: { departmentKeys?: string[]; providerKeys?: string[] }, from: Date, to: Date): Promise<ReferralFigures> {
    const rows = await this.prisma.referral.groupBy({
      by: ["providerKey", "status"],
      where: {
        createdAt: { gte: from, lt: to },
        ...(scope.providerKeys ? { providerKey: { in: scope.providerKeys } } : {}),
        ...(scope.departmentKeys ? { request: { departmentKey: { in: scope.departmentKeys } } } : {}),
      },
      _count: { _all: true },
    });
    const byPartner = new Map<string, Record<ReferralStatus, number>>();
    for (const row of rows) {
      const counts = byPartner.get(row.providerKey) ?? emptyCounts();
      counts[row.status] += row._count._all;
      byPartner.set(row.providerKey, counts);
    }
    const list = [...byPartner].map(([providerKey, byStatus]) => ({ providerKey, byStatus, total: Object.values(byStatus).reduce((a, b) => a + b, 0) }));
    return { byPartner: list.sort((a, b) => b.total - a.total || a.providerKey.localeCompare(b.providerKey)), total: list.reduce((sum, row) => sum + row.total, 0) };
  }

  private async toDepartment(tx: Tx, request: HelpRequest, referralId: number, key: string): Promise<void> {
    await queueForDepartment(tx, request.id, request.departmentKey, "staff-card-update", {});
    const chatId = await departmentChatId(tx, request.departmentKey);
    if (chatId !== null) await queue(tx, chatId, "referral-department", request.id, { referralId, key });
  }
}

async function queue(tx: Tx, chatId: bigint, kind: ReferralOutboxKind, requestId: number, payload: Record<string, unknown>): Promise<void> {
  await tx.outboxMessage.create({ data: { chatId, kind, requestId, payload: payload as Prisma.InputJsonValue } });
}

/** Redraws every copy of a referral's card in its partner's group (from the request's current state). */
async function queueCardUpdates(tx: Tx, referral: Pick<Referral, "id" | "requestId">): Promise<void> {
  const copies = await tx.referralMessage.findMany({ where: { referralId: referral.id, purpose: "card" } });
  await tx.outboxMessage.createMany({
    data: copies.map((copy) => ({ chatId: copy.chatId, kind: "referral-card-update", requestId: referral.requestId, payload: { referralId: referral.id, messageId: copy.messageId } })),
  });
}

/**
 * Erasure (/delete_me, retention): the partner's reasons go, referrals still open are withdrawn, and
 * every copy of their cards in partners' groups is redrawn from the erased request (no name, no phone,
 * no words of the resident's). Called by requests/erasure.ts in the same transaction.
 */
export async function eraseReferrals(tx: Tx, now: Date, requestIds: number[]): Promise<number> {
  if (requestIds.length === 0) return 0;
  const referrals = await tx.referral.findMany({ where: { requestId: { in: requestIds } } });
  for (const referral of referrals) {
    if (ACTIVE_REFERRAL_STATUSES.includes(referral.status)) await changeReferral(tx, now, referral, "withdrawn", { kind: "system" });
  }
  await tx.referral.updateMany({ where: { requestId: { in: requestIds } }, data: { declineReason: null } });
  // Prompts carry only the number; they go, so no reply can reach the referral again.
  await tx.referralMessage.deleteMany({ where: { referral: { requestId: { in: requestIds } }, purpose: { not: "card" } } });
  // Pending cards not yet sent would carry nothing now, but need not go out at all.
  await tx.outboxMessage.deleteMany({ where: { requestId: { in: requestIds }, status: "pending", kind: { in: ["referral-card", "referral-consent"] } } });
  for (const referral of referrals) await queueCardUpdates(tx, referral);
  return referrals.length;
}

export type { Partner };
