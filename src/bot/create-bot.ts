import type { I18n } from "@grammyjs/i18n";
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { Bot, session, type BotConfig, type MiddlewareFn, type StorageAdapter, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { PrismaClient } from "../db/client.ts";
import { SessionStore } from "../db/session-storage.ts";
import { dedupeUpdates } from "./update-dedupe.ts";
import { FeatureComposer } from "./composer.ts";
import type { ChatLock } from "../db/chat-lock.ts";
import { SUPPORTED_LOCALES } from "./i18n.ts";
import type { BotContext, BotDeps, SessionData } from "./context.ts";
import { requestDialogue, REQUEST_DIALOGUE_VERSION } from "./conversations/request-dialogue.ts";
import { expireOldDialogues } from "./conversations/dialogue/versions.ts";
import { CALLBACK_PREFIX as DIALOGUE_CALLBACK_PREFIX } from "./conversations/dialogue/ask.ts";
import { communityFeature } from "./features/community.ts";
import { catalogFreshnessFeature } from "./features/catalog-freshness.ts";
import { contactsFeature } from "./features/contacts.ts";
import { dangerFeature } from "./features/danger.ts";
import { hideFeature } from "./features/hide.ts";
import { findServiceFeature } from "./features/find-service.ts";
import { globalCommandsFeature } from "./features/global-commands.ts";
import { typedMenuFeature } from "./features/typed-menu.ts";
import { myRequestsFeature } from "./features/my-requests.ts";
import { threadsFeature } from "./features/threads.ts";
import { privacyFeature } from "./features/privacy.ts";
import { residentFeedbackFeature } from "./features/resident-feedback.ts";
import { requestHelpFeature } from "./features/request-help.ts";
import { forgetShownCard, smallTalkFeature } from "./features/small-talk.ts";
import { staffInboxFeature } from "./features/staff-inbox.ts";
import { staffReportsFeature } from "./features/staff-reports.ts";
import { cardCopiesFeature } from "./features/card-copies.ts";
import { startFeature } from "./features/start.ts";
import { newsFeature } from "./features/news.ts";
import { announceFeature } from "./features/announce.ts";
import { referralsFeature } from "./features/referrals.ts";
// Hostile input (issue 7): floods, updates without a chat, button presses nothing takes.
import { DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE } from "../config.ts";
import { fallbackFeature } from "./features/fallback.ts";
import { rateLimit, type RateLimitSettings } from "./middleware/rate-limit.ts";
import { ignoreUnservedUpdates, storableUpdate } from "./middleware/hostile-input.ts";
import { sessionKeyOf } from "./session-writes.ts";
import { directCalls, telegramFetch } from "./telegram-fetch.ts";
import { updateStarted } from "../db/gathering.ts";
import { FastContext } from "./fast-context.ts";

export interface CreateBotOptions {
  token: string;
  apiRoot: string;
  prisma: PrismaClient;
  i18n: I18n<BotContext>;
  deps: BotDeps;
  /** Known bot identity, so tests and benchmarks need no getMe call. */
  botInfo?: UserFromGetMe;
  /** Called after each update: changes may have queued outbox messages. */
  afterUpdate?: () => void;
  /** Runs first for every update (metrics). */
  observe?: MiddlewareFn<BotContext>;
  /** Config.rateLimit (RATE_LIMIT_PER_MINUTE, RATE_LIMIT_STAFF_PER_MINUTE); the defaults when absent. */
  rateLimit?: RateLimitSettings;
  /** Remember handled update ids (webhook mode: Telegram redelivers after a failed or slow call). */
  dedupe?: boolean;
  /** Where sessions live (the app's, so its sweeper can tell it what changed); an uncached one if absent. */
  sessionStore?: SessionStore<SessionData>;
  /** One update at a time per chat across instances (webhooks on PostgreSQL: src/db/chat-lock.ts). */
  chatLock?: ChatLock;
  /**
   * Whether updates may come with a webhook reply envelope (webhook mode): then answerCallbackQuery
   * goes through grammY's client, which can put it in the webhook's answer. True when absent.
   */
  webhookReplies?: boolean;
  /**
   * API transformers for the calls made while handling an update (ctx.api, which grammY makes for
   * each update), outermost last; bot.api — the outbox relay's — goes without them.
   */
  replyTransformers?: Transformer[];
}

/** The error boundary: log the failure (ids only), say sorry in the person's language, carry on. */
function apologiseOnError(deps: BotDeps): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      // Only ids and the error's kind, code and first line (see serializeError in src/logger.ts).
      deps.logger.error({ event: "update_failed", update: ctx.update.update_id, err: error }, "an update failed");
      if (ctx.chat?.type !== "private") {
        if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
        return;
      }
      const language = ctx.from?.language_code;
      const locale = language && (SUPPORTED_LOCALES as readonly string[]).includes(language) ? language : deps.settings.staffLocale;
      const sorry = deps.i18n.t(locale, "error-try-again");
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: sorry, show_alert: true }).catch(() => undefined);
      else await ctx.reply(sorry).catch(() => undefined);
    }
  };
}

/** Session rows are `session:<chat id>` (eraseResident and the draft sweeper rely on it). */
export const SESSION_PREFIX = "session";

/** Storage keys are the chat id; in a private chat that is the resident's user id (see eraseResident). */
const chatKey = sessionKeyOf;

/**
 * No session row for a group the bot does not serve (not a department's staff group or a provider's
 * contact chat in the catalogue):
 * a group someone added the bot to has nothing to keep, and its rows would only pile up (issue 15).
 * Residents' private chats and staff groups keep theirs.
 */
function servedChatsOnly<T>(adapter: StorageAdapter<T>, deps: BotDeps): StorageAdapter<T> {
  // Providers' contact chats are served too: «Змінилося…» waits there for the chat's next message.
  const providerChats = new Set([...deps.catalog.communities.values()].flatMap((community) => community.providers.flatMap((provider) => (provider.contactChatId === undefined ? [] : [String(provider.contactChatId)]))));
  const unserved = (key: string) => Number(key) < 0 && deps.inbox.departmentsOfChat(Number(key)).length === 0 && !providerChats.has(key);
  return {
    read: (key) => (unserved(key) ? undefined : adapter.read(key)),
    write: async (key, value) => (unserved(key) ? undefined : adapter.write(key, value)),
    delete: (key) => adapter.delete(key),
  };
}

export function createBot(options: CreateBotOptions): Bot<BotContext> {
  const { token, apiRoot, prisma, i18n, deps, botInfo, afterUpdate, observe, rateLimit: limits, dedupe = false } = options;
  // A hung connection gives up after 45 s (grammY waits 500 s by default): long polling asks for 30.
  // With webhooks a press's answerCallbackQuery goes back in the answer to Telegram's call (held until
  // the update is handled: src/server/http-server.ts), one outgoing call less per press. Only the
  // answer: a webhook reply returns no result, and the bot needs every other call's (a message's id).
  // In long polling there is no envelope: a normal call.
  // Each call goes through node's http/https directly, not node-fetch (src/bot/telegram-fetch.ts: a
  // third of a call's CPU).
  const botConfig: BotConfig<BotContext> = {
    client: { apiRoot, timeoutSeconds: 45, canUseWebhookReply: (method) => method === "answerCallbackQuery", fetch: telegramFetch as never },
    // ctx.msg, ctx.chat and ctx.from worked out once per update (src/bot/fast-context.ts).
    ContextConstructor: FastContext as unknown as NonNullable<BotConfig<BotContext>["ContextConstructor"]>,
  };
  if (botInfo) botConfig.botInfo = botInfo;
  const bot = new Bot<BotContext>(token, botConfig);
  // JSON-only calls (every reply, edit and answer) sent without grammY's client layer
  // (src/bot/telegram-fetch.ts: directCalls); innermost, so every transformer below still sees them.
  const { webhookReplies = true } = options;
  bot.api.config.use(directCalls({ apiRoot, token, timeoutSeconds: 45, viaGrammy: webhookReplies ? (method) => method === "answerCallbackQuery" : undefined, fetchOf: () => botConfig.client?.fetch }));
  // A 429 or 5xx on a direct reply is retried briefly; long waits are the outbox relay's business.
  // Network errors are not retried here: auto-retry would double its wait without a limit (up to an
  // hour); src/server/telegram-link.ts retries the calls that must go through with a capped wait.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true }));

  // Every handler below runs from one flat list (src/bot/composer.ts: grammY's chain of `use` and
  // filters cost a third of a search's CPU).
  const chain = new FeatureComposer<BotContext>();
  // Updates under way at once: the database's statements gather for a moment only then (src/db/gathering.ts).
  bot.use(async (_ctx, next) => {
    const done = updateStarted();
    try {
      await next();
    } finally {
      done();
    }
  });
  bot.use(chain);
  const { replyTransformers = [] } = options;
  if (replyTransformers.length > 0) {
    chain.use((ctx, next) => {
      ctx.api.config.use(...replyTransformers);
      return next();
    });
  }
  // The order matters, top to bottom:
  // 00. whatever fails below (the database away for a moment, Telegram refusing a call), the person
  //     gets a short apology instead of silence, and the error stops here (logged, counted below);
  chain.use(apologiseOnError(deps));
  // 0. metrics; each update once (with webhooks Telegram redelivers after a failed call; long polling
  //    confirms what it fetched, so there the check would only cost a query); one update at a
  //    time per chat, so a resident's quick double tap cannot race through their dialogue;
  if (observe) chain.use(observe);
  if (dedupe) chain.use(dedupeUpdates(prisma, deps.logger));
  chain.use(sequentialize((ctx) => chatKey(ctx)));
  //    and, with several instances, one at a time per chat across them (before the session is read);
  const { chatLock } = options;
  if (chatLock) {
    chain.use((ctx, next) => {
      const key = chatKey(ctx);
      return key ? chatLock.run(key, next) : next();
    });
  }
  // 1. dependencies, so every later middleware can log and reach the domain;
  chain.use(async (ctx, next) => {
    Object.defineProperty(ctx, "deps", { value: deps });
    try {
      await next();
    } finally {
      afterUpdate?.();
    }
  });
  const sessions = session<SessionData, BotContext>({
    initial: () => ({}),
    getSessionKey: chatKey,
    storage: servedChatsOnly((options.sessionStore ?? new SessionStore<SessionData>(prisma, SESSION_PREFIX)).adapter(), deps),
  });
  // 1b. hostile input: updates the bot does not serve (no chat, channels) stop here; so does a flood,
  //     after one polite "slow down" (read through the session and i18n, in the resident's language);
  //     characters the database cannot store are replaced before anything stores them;
  chain.use(ignoreUnservedUpdates, storableUpdate);
  chain.use(
    rateLimit({
      perMinute: limits?.perMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE,
      staffPerMinute: limits?.staffPerMinute ?? DEFAULT_STAFF_RATE_LIMIT_PER_MINUTE,
      isStaffChat: (chatId) => deps.inbox.departmentsOfChat(chatId).length > 0,
      notice: [sessions, i18n],
    }),
  );
  // 2. the session (i18n reads the chosen language from it), in the database;
  chain.use(sessions);
  // 3. i18n, so every handler answers in the resident's language;
  chain.use(i18n);
  // 4. a dialogue stored by an older version is dropped with a kind note (the request dialogue keeps its
  //    state in the session row: conversations/dialogue/state.ts);
  chain.use(expireOldDialogues(REQUEST_DIALOGUE_VERSION));
  //    a press of the request dialogue's own buttons goes straight to it: nothing in 5–6 takes a button
  //    of the dialogue's (they read typed words, commands, and their own buttons), and a dialogue update
  //    need not pass their two dozen filters; without a dialogue under way it goes on as any update.
  const dialogue = requestDialogue(deps);
  const dialogueButton = `${DIALOGUE_CALLBACK_PREFIX}:`;
  chain.use((ctx, next) => (ctx.callbackQuery?.data?.startsWith(dialogueButton) ? dialogue(ctx, next) : next()));
  // 5. what works everywhere, even mid-dialogue: /help, /privacy, /cancel, the menu (a menu label typed
  //    as text is read as the button: typedMenuFeature);
  //    (first, every message is noted so «🧹 Приховати розмову» can delete it, and its press works anywhere);
  chain.use(forgetShownCard, hideFeature);
  chain.use(typedMenuFeature, globalCommandsFeature);
  // 6. danger first: emergency numbers before a dialogue or a search sees the message;
  chain.use(dangerFeature);
  // 7. the dialogues themselves (an active one takes the update here);
  chain.use(dialogue);
  // 8. the features; the community first (typed, or asked with the first message kept); a correction
  // of the catalogue (after «Тут помилка?») is taken before free text becomes a search; small talk
  // («дякую», «алло», «?») just before free-text search, which is last, inside findServiceFeature.
  chain.use(communityFeature, catalogFreshnessFeature);
  // Referrals (issue 21): the resident's «так»/«ні» (typed too) before free text means anything else,
  // and a partner's group, where nothing of a department's works, before the staff features below.
  chain.use(referralsFeature);
  chain.use(startFeature, privacyFeature, newsFeature, contactsFeature, requestHelpFeature, residentFeedbackFeature, myRequestsFeature, threadsFeature, smallTalkFeature, findServiceFeature);
  // 9. staff groups: /announce and its drafts (a reply to its own prompts), copies of cards sent twice
  //    around a crash (recognised, redrawn), then the inbox.
  chain.use(announceFeature, cardCopiesFeature, staffInboxFeature, staffReportsFeature);
  // 10. a button press nothing above took is answered "no longer active" (hostile input).
  chain.use(fallbackFeature);

  bot.catch((error) => {
    // Only ids and the error's kind: the update may carry a resident's personal data.
    deps.logger.error({ event: "update_failed", update: error.ctx.update.update_id, err: error.error }, "an update failed");
  });
  return bot;
}
