import type { Catalog } from "../catalog/catalog.ts";
import type { PrismaClient } from "../db/client.ts";
import type { HelpRequest, Prisma } from "../generated/prisma/client.ts";
import type { ActorKind } from "./lifecycle.ts";

/** The request domain's shared types and errors (service.ts, erasure.ts, transfer.ts use them). */

export type AttachmentKind = "voice" | "audio" | "video_note" | "photo" | "document";
export interface Attachment {
  kind: AttachmentKind;
  fileId: string;
}

export const CALL_BACK_TIMES = ["morning", "afternoon", "evening", "any"] as const;
export type CallBackTime = (typeof CALL_BACK_TIMES)[number];

/** What the request dialogue collects. Texts are as the resident typed them (escaped when shown). */
export interface RequestDraft {
  communityId: string;
  /** Undefined: a free-form request for the general department. */
  serviceId?: string;
  onBehalf: boolean;
  subjectName?: string;
  subjectRelation?: string;
  contactName?: string;
  /** International form, +380XXXXXXXXX; none when the resident must not be phoned (contactByBotOnly). */
  phone?: string;
  address?: string;
  details?: string;
  attachments: Attachment[];
  callBack: boolean;
  callBackTime?: CallBackTime;
  consentAt: Date;
  /** The dialogue's idempotency key: a second submit with it returns the first request (see findSubmitted). */
  submitKey?: string;
  /** 🆘 priority: the resident's words signalled danger (see requests/danger.ts). */
  danger?: boolean;
  /** Safe mode: do not phone; staff answer only in the bot. */
  contactByBotOnly?: boolean;
  /** Asking for someone else: a second person staff may call (E.164), named as the resident wrote. */
  secondContact?: { name?: string; phone: string };
}

export interface Actor {
  kind: ActorKind;
  /** Telegram user id of the resident or staff member; none for the system. */
  id?: bigint;
  /** A staff member's first name, shown on the card when they take a request. */
  name?: string;
}

/** Outbox kinds; the bot layer knows how to render each. */
export type OutboxKind =
  | "staff-card"
  | "staff-card-update"
  | "staff-attachment"
  | "staff-relay"
  | "staff-reminder"
  | "staff-alert"
  | "staff-ack"
  | "staff-delete-message"
  | "staff-note"
  | "dialogue-expired"
  | "resident-status"
  | "resident-transferred"
  | "resident-message";

export class RequestNotFoundError extends Error {
  override name = "RequestNotFoundError";
}
export class TooManyOpenRequestsError extends Error {
  override name = "TooManyOpenRequestsError";
  constructor(readonly limit: number) {
    super(`a resident may have at most ${limit} open requests`);
  }
}
/** Someone else changed the request first (a stale button, two staff members at once). */
export class StaleRequestError extends Error {
  override name = "StaleRequestError";
}

export interface RequestServiceOptions {
  prisma: PrismaClient;
  catalog: Catalog;
  /** Open requests one resident may have at once; stops floods without turning real needs away. */
  maxOpenPerResident?: number;
  now?: () => Date;
}

export interface CreatedRequest {
  id: number;
  number: string;
  departmentKey: string;
  /** True when the submit key had already made this request: nothing new was created. */
  alreadySent?: boolean;
}

export type RequestSummary = Pick<HelpRequest, "id" | "number" | "status" | "serviceId" | "createdAt" | "updatedAt" | "onBehalf">;

export type Tx = Prisma.TransactionClient;

/** One message of a request's conversation, as its resident may see it: who wrote it, never which staff member. */
export interface ResidentHistoryEntry {
  at: Date;
  /** "staff": an answer or question from the department; "resident": the resident's own follow-up. */
  from: "staff" | "resident";
  kind: "answer" | "question" | "message";
  /** Null for a follow-up that was only a photo, a voice message or a file. */
  text: string | null;
}

/**
 * What a resident may see of their own request: its state, which department has it, and the latest
 * messages between them and the department. Carries no staff id or name (not `takenByName`, not actor
 * ids), so nothing down the line can show a staff member to a resident.
 */
export interface ResidentHistory {
  request: Pick<HelpRequest, "id" | "number" | "status" | "serviceId" | "createdAt" | "closedAt" | "departmentKey" | "anonymisedAt">;
  /** The latest `limit` messages, oldest first (newest last). */
  entries: ResidentHistoryEntry[];
  /** How many older messages were left out. */
  omitted: number;
  /** The staff's reason, when the request was declined (and one was given). */
  rejectionReason: string | null;
  /** When the request was last handed to another department (`request.departmentKey` is the one that has it now). */
  transferredAt: Date | null;
}

/** Event types that make up the conversation between a resident and the department. */
export const CONVERSATION_TYPES = ["answer", "question", "message"] as const;
