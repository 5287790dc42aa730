import type { Catalog } from "../catalog/catalog.ts";
import type { DepartmentDefinition } from "../catalog/schema.ts";
import type { PrismaClient } from "../db/client.ts";
import type { Announcement, Prisma } from "../generated/prisma/client.ts";

/**
 * Announcements from a department's group: an announcer drafts one (content, topics), sees a preview
 * with the number of recipients, and sends it now or at a Kyiv time. Sending queues one outbox row per
 * recipient (unique per announcement and chat, so a repeat or a restart never queues anyone twice),
 * at the low priority the relay takes only when no request's message is due. When no row is left
 * pending, the counts go back to the group as a delivery report and the rows (chat ids) are deleted.
 */

export const ANNOUNCEMENT_KIND = "announcement";
export const ANNOUNCEMENT_REPORT_KIND = "announcement-report";
/** The outbox priority of announcement rows (requests' own messages are 0). */
export const ANNOUNCEMENT_PRIORITY = 1;
/** A text message holds 4096 characters, a caption 1024; the header takes some. */
export const MAX_TEXT = 3800;
export const MAX_CAPTION = 900;
/** A draft nobody finishes is forgotten after this long. */
const DRAFT_TTL_MS = 24 * 3_600_000;

export type Content = { text: string; entities?: unknown[]; photoFileId?: string };

export class AnnouncementService {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly catalog: Catalog,
  ) {}

  /** The departments whose group this is, where `userId` is a named announcer. */
  announcerDepartments(chatId: number, userId: number): Array<{ communityId: string; department: DepartmentDefinition }> {
    const found: Array<{ communityId: string; department: DepartmentDefinition }> = [];
    for (const community of this.catalog.communities.values()) {
      for (const department of community.departments) {
        if (department.chatId === chatId && (department.announcerUserIds ?? []).includes(userId)) found.push({ communityId: community.id, department });
      }
    }
    return found;
  }

  /** Starts a draft (an earlier unfinished one of the same author in the same group is dropped). */
  async startDraft(chatId: bigint, authorId: bigint, communityId: string, departmentKey: string): Promise<Announcement> {
    return this.prisma.$transaction(async (tx) => {
      await tx.announcement.updateMany({ where: { chatId, authorId, status: "draft" }, data: { status: "cancelled", awaiting: null } });
      return tx.announcement.create({ data: { chatId, authorId, communityId, departmentKey, awaiting: "content" } });
    });
  }

  async setPrompt(id: number, promptMessageId: number, awaiting: "content" | "time"): Promise<void> {
    await this.prisma.announcement.update({ where: { id }, data: { promptMessageId, awaiting } });
  }

  /** The author's draft in this group that waits for something they type, if any. */
  async awaitingDraft(chatId: bigint, authorId: bigint, now = new Date()): Promise<Announcement | null> {
    return this.prisma.announcement.findFirst({
      where: { chatId, authorId, status: "draft", awaiting: { not: null }, createdAt: { gt: new Date(now.getTime() - DRAFT_TTL_MS) } },
      orderBy: { id: "desc" },
    });
  }

  async get(id: number): Promise<Announcement | null> {
    return this.prisma.announcement.findUnique({ where: { id } });
  }

  async setContent(id: number, content: Content): Promise<Announcement> {
    return this.prisma.announcement.update({
      where: { id },
      data: {
        text: content.text,
        entities: (content.entities ?? []) as Prisma.InputJsonValue,
        photoFileId: content.photoFileId ?? null,
        awaiting: null,
        promptMessageId: null,
      },
    });
  }

  /** Turns a topic of the announcement on or off (only the community's topics; only a draft). */
  async toggleTopic(id: number, topicId: string): Promise<Announcement | null> {
    const announcement = await this.get(id);
    if (!announcement || announcement.status !== "draft") return null;
    const known = (this.catalog.communities.get(announcement.communityId)?.announcementTopics ?? []).some((topic) => topic.id === topicId);
    if (!known) return announcement;
    const topics = announcement.topics.includes(topicId) ? announcement.topics.filter((topic) => topic !== topicId) : [...announcement.topics, topicId];
    return this.prisma.announcement.update({ where: { id }, data: { topics } });
  }

  async cancel(id: number): Promise<boolean> {
    const { count } = await this.prisma.announcement.updateMany({ where: { id, status: { in: ["draft", "scheduled"] } }, data: { status: "cancelled", awaiting: null } });
    return count > 0;
  }

  /** Schedules a draft for a time; false when it is no longer a draft. */
  async schedule(id: number, at: Date): Promise<boolean> {
    const { count } = await this.prisma.announcement.updateMany({
      where: { id, status: "draft", NOT: { topics: { isEmpty: true } } },
      data: { status: "scheduled", scheduledFor: at, awaiting: null, promptMessageId: null },
    });
    return count > 0;
  }

  /**
   * Sends a draft (or a due scheduled announcement) now: one outbox row per recipient, in one
   * transaction with the status change, so it happens once. Returns the number of recipients, or
   * undefined when the announcement was not a draft or scheduled (already sent, cancelled).
   */
  async start(id: number, now = new Date()): Promise<number | undefined> {
    return this.prisma.$transaction(async (tx) => {
      const claimed = await tx.announcement.updateMany({
        where: { id, status: { in: ["draft", "scheduled"] }, NOT: { topics: { isEmpty: true } }, text: { not: null } },
        data: { status: "sending", startedAt: now, awaiting: null, promptMessageId: null },
      });
      if (claimed.count === 0) return undefined;
      const announcement = await tx.announcement.findUniqueOrThrow({ where: { id } });
      const recipients = await tx.$executeRaw`
        INSERT INTO outbox_message (chat_id, kind, payload, priority, announcement_id, available_at)
        SELECT s.resident_id, ${ANNOUNCEMENT_KIND}, ${JSON.stringify({ announcementId: id })}::jsonb, ${ANNOUNCEMENT_PRIORITY}, ${id}, ${now}
        FROM announcement_subscription s JOIN resident r ON r.id = s.resident_id
        WHERE s.community_id = ${announcement.communityId} AND s.topics && ${announcement.topics}::text[] AND r.blocked_at IS NULL
        ORDER BY s.resident_id
        ON CONFLICT (announcement_id, chat_id) DO NOTHING`;
      await tx.announcement.update({ where: { id }, data: { recipients } });
      return recipients;
    });
  }

  /**
   * The periodic job: starts scheduled announcements that are due, and closes those whose every row
   * is delivered or given up — the counts are stored, a report is queued to the group, and the rows
   * (which name residents' chats) are deleted. Returns whether it queued anything.
   */
  async tick(now = new Date()): Promise<boolean> {
    let queued = false;
    const due = await this.prisma.announcement.findMany({ where: { status: "scheduled", scheduledFor: { lte: now } }, select: { id: true } });
    for (const { id } of due) {
      const recipients = await this.start(id, now);
      if (recipients !== undefined) queued = true;
    }
    const sending = await this.prisma.announcement.findMany({ where: { status: "sending" }, select: { id: true } });
    for (const { id } of sending) {
      if (await this.finishIfDone(id, now)) queued = true;
    }
    return queued;
  }

  /** Closes a sending announcement with no pending row left; returns whether it did. */
  async finishIfDone(id: number, now = new Date()): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const pending = await tx.outboxMessage.count({ where: { announcementId: id, status: "pending" } });
      if (pending > 0) return false;
      const rows = await tx.$queryRaw<Array<{ sent: bigint; blocked: bigint; failed: bigint }>>`
        SELECT count(*) FILTER (WHERE status = 'sent') AS sent,
               count(*) FILTER (WHERE status = 'dead' AND last_error LIKE 'blocked%') AS blocked,
               count(*) FILTER (WHERE status = 'dead' AND last_error NOT LIKE 'blocked%' AND last_error NOT LIKE 'unsubscribed%') AS failed
        FROM outbox_message WHERE announcement_id = ${id}`;
      const counts = { sent: Number(rows[0]?.sent ?? 0), blocked: Number(rows[0]?.blocked ?? 0), failed: Number(rows[0]?.failed ?? 0) };
      const closed = await tx.announcement.updateMany({ where: { id, status: "sending" }, data: { status: "done", finishedAt: now, ...counts } });
      if (closed.count === 0) return false;
      const announcement = await tx.announcement.findUniqueOrThrow({ where: { id } });
      await tx.outboxMessage.deleteMany({ where: { announcementId: id } });
      await tx.outboxMessage.create({ data: { chatId: announcement.chatId, kind: ANNOUNCEMENT_REPORT_KIND, payload: { announcementId: id } } });
      return true;
    });
  }
}
