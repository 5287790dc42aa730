import type { Context, SessionFlavor } from "grammy";
import type { I18n, I18nFlavor } from "@grammyjs/i18n";
import type { Catalog } from "../catalog/catalog.ts";
import type { CorrectionOrigin, FreshnessService } from "../catalog/freshness.ts";
import type { DepartmentReports } from "../exports/department-reports.ts";
import type { Matcher } from "../catalog/matcher/index.ts";
import type { Logger } from "../logger.ts";
import type { SessionStore } from "../db/session-storage.ts";
import type { ConsentService } from "../requests/consent.ts";
import type { DangerKind } from "../requests/danger.ts";
import type { Attachment, RequestService } from "../requests/service.ts";
import type { InboxService } from "../inbox/inbox-service.ts";
import type { StoryDraft } from "../requests/story.ts";
import type { AnnouncementService } from "../announcements/announcements.ts";
import type { SubscriptionService } from "../announcements/subscriptions.ts";
import type { ReferralService } from "../referrals/service.ts";
import type { HideTrail } from "../requests/hide-trail.ts";

/** What a resident's session remembers between updates (kept in the database). */
export interface SessionData {
  /** The language the resident chose; read by @grammyjs/i18n (its own field name). */
  __language_code?: string;
  /** The community the resident chose (asked once where the bot serves several). */
  communityId?: string;
  /**
   * Set when the resident first opens a request dialogue: only then can a request of theirs wait for
   * their answer, so free text from anyone else goes straight to search without a database query.
   */
  mayHaveRequests?: true;
  /** The request the resident's next message is for (after "add a message" or "reply"). */
  followUpRequestId?: number;
  /** A message that answers one of several staff questions, kept while the resident picks which (staff inbox). */
  pendingAnswer?: { text?: string; attachment?: Attachment };
  /** The requests «Додати це до звернення?» asked about, while pendingAnswer waits for «так»/«ні» (features/threads.ts). */
  threadAsk?: number[];
  /**
   * What a resident sent before choosing a community (a need typed as the first message, a menu
   * press): answered right after the choice (features/community.ts).
   */
  pendingFirst?: { kind: "search" | "find" | "request"; text?: string };
  /**
   * The request dialogue in progress (conversations/dialogue/state.ts; unknown: one stored by an older
   * version is dropped by dialogue/versions.ts); see requests/drafts.ts.
   */
  dialogue?: unknown;
  /**
   * The resident's last long message (a story) that the search answered, kept so one tap can send it as
   * a request; the request dialogue takes it as «що потрібно» and clears it. See requests/story.ts.
   */
  storyDraft?: StoryDraft;
  /**
   * The service whose card was shown last (not a story's), and when (ms): a typed «так», «надіслати» as
   * the very next thing does what the card's «✉️ Надіслати звернення» does; anything else the resident
   * does takes it off (features/small-talk.ts).
   */
  shownCard?: { serviceId: string; at: number; who?: "me" | "ot" };
  /**
   * The guided finder's question on the screen («Кому потрібна допомога?», «Хто ця людина?»): the next
   * typed message may answer it as its buttons do (features/find-service.ts).
   */
  finderAsked?: { step: "who" | "category"; who?: "me" | "ot"; at: number };
  /**
   * The next text message in this chat is a correction of the catalogue: a resident's after «✏️ Тут
   * помилка?» (the card's service), or a provider's contact chat after «Змінилося…» (the provider).
   */
  correction?: { communityId: string; serviceId?: string; providerKey?: string; origin: CorrectionOrigin; need?: string };
  /**
   * The last danger the resident's words signalled (features/danger.ts): its kinds and when (ms), so a
   * request started soon after it is flagged 🆘 (features/danger-mark.ts says which), and the ids of the
   * messages of that path, so «🧹 Приховати розмову» can delete them.
   */
  danger?: { kinds: DangerKind[]; messageIds: number[]; at?: number };
  /** When /delete_me asked «Видалити всі Ваші дані?» (ms): a typed «так» / «ні» as the next message answers it. */
  eraseAsked?: number;
}

/** Settings the features need, taken from Config. */
export interface BotSettings {
  /** The language of staff groups (cards, prompts, reports). */
  readonly staffLocale: string;
  readonly retentionDays: number;
  readonly dialogueTimeoutMinutes: number;
  /** Where the catalogue files are (to tell the operator which line to update when a group moves). */
  readonly catalogDir?: string;
}

/** Domain services and infrastructure the features use; built once in app.ts and passed down. */
export interface BotDeps {
  readonly logger: Logger;
  readonly catalog: Catalog;
  readonly matcher: Matcher;
  readonly requests: RequestService;
  readonly inbox: InboxService;
  /** Freshness of the catalogue's contacts: confirmations, corrections, /stale. */
  readonly freshness: FreshnessService;
  /** /export's files and the /stats chart's figures. */
  readonly reports: DepartmentReports;
  /** Consents remembered per purpose (asked once, shown and withdrawn in /privacy). */
  readonly consents: ConsentService;
  /** Residents' opt-in to news, and announcements from departments' groups (src/announcements). */
  readonly subscriptions: SubscriptionService;
  readonly announcements: AnnouncementService;
  /** Referrals to partner organisations with the resident's consent (issue 21). */
  readonly referrals: ReferralService;
  readonly i18n: I18n<BotContext>;
  readonly settings: BotSettings;
  /** The message ids «🧹 Приховати розмову» deletes (features/hide.ts); absent: only the session's few. */
  readonly trail?: HideTrail;
  /**
   * The sessions' store (the one createBot's session middleware uses), for an update that writes its
   * session together with other statements (the request dialogue's «send»). Absent: nothing is folded.
   */
  readonly sessions?: Pick<SessionStore<SessionData>, "pendingWrite" | "batchIsOneRoundTrip">;
}

/** The context of every update. */
export type BotContext = Context & SessionFlavor<SessionData> & I18nFlavor & { readonly deps: BotDeps };

/** A translator pinned to one language, for code that has no middleware context (dialogues, relay). */
export type Translate = (key: string, variables?: Record<string, string | number>) => string;
