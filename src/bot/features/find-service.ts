import { FeatureComposer } from "../composer.ts";
import type { InlineKeyboardButton } from "grammy/types";
import type { RecipientCategory } from "../../catalog/schema.ts";
import type { BotContext } from "../context.ts";
import { button, column } from "../keyboards.ts";
import { providerKey } from "../../catalog/freshness.ts";
import { keptServiceCard } from "../render/service-card.ts";
import { reportErrorData } from "./catalog-freshness.ts";
import { pick } from "../render/text.ts";
import { dangerKindsShown, emergencyNumbersShown } from "./danger.ts";
import { hideButton, isCrisisService, watchChat } from "./hide.ts";
import { askCommunity, communityOf } from "./start.ts";
import { editOrReply } from "./edit-message.ts";
import { startDialogue } from "./request-help.ts";
import { isFreshStory, isStory, storyDraftOf } from "../../requests/story.ts";
import { answerBook } from "../../requests/typed-answers.ts";
import { asWord } from "../conversations/dialogue/answers.ts";
import { menuLabelKey } from "./typed-menu.ts";

/**
 * Finding help: a guided finder (who needs it → who they are → what they need) and free-text search.
 * Stateless buttons (everything needed is in the callback data), so a restart never strands a
 * resident half-way and a search writes nothing.
 */
export const findServiceFeature = new FeatureComposer<BotContext>();
const privateChat = findServiceFeature.chatType("private");

/** Finder categories: a short code for callback data, and which recipient categories each covers. */
const FINDER_CATEGORIES: Array<{ code: string; key: RecipientCategory; covers: RecipientCategory[] }> = [
  { code: "o", key: "older-people", covers: ["older-people"] },
  { code: "d", key: "disability", covers: ["disability"] },
  { code: "f", key: "families-with-children", covers: ["families-with-children", "children-with-disability", "orphans-and-foster"] },
  { code: "v", key: "veterans", covers: ["veterans"] },
  { code: "i", key: "idp", covers: ["idp"] },
  { code: "x", key: "violence-affected", covers: ["violence-affected", "homeless", "released-from-prison"] },
  { code: "e", key: "everyone", covers: ["everyone", "low-income", "unemployed", "gravely-ill"] },
];
const MAX_CATEGORY_SERVICES = 8;
/** The most of a message the search reads (a story's need may come at its end). */
const MAX_QUERY_LENGTH = 1000;
export type Who = "me" | "ot";

async function requireCommunity(ctx: BotContext): Promise<string | undefined> {
  const communityId = communityOf(ctx);
  if (!communityId) await askCommunity(ctx);
  return communityId;
}

export async function askWho(ctx: BotContext): Promise<void> {
  ctx.session.finderAsked = { step: "who", at: Date.now() };
  await ctx.reply(ctx.t("find-who"), {
    reply_markup: column([button(ctx.t("find-who-me"), "f1:w:me"), button(ctx.t("find-who-other"), "f1:w:ot")]),
  });
}

/** «Хто Ви?» / «Хто ця людина?» with the categories. */
async function askCategory(ctx: BotContext, who: Who, edit: boolean): Promise<void> {
  ctx.session.finderAsked = { step: "category", who, at: Date.now() };
  const buttons = FINDER_CATEGORIES.map((category) => button(ctx.t(`category-${category.key}`), `f1:c:${who}:${category.code}`));
  const text = ctx.t(who === "me" ? "find-category-me" : "find-category-other");
  const options = { reply_markup: column([...buttons, button(ctx.t("button-back"), "f1:home")]) };
  await (edit ? editOrReply(ctx, text, options) : ctx.reply(text, options));
}

/** «Що саме потрібно?» with the category's services (what is typed next is a search: its own words). */
async function askNeed(ctx: BotContext, who: Who, category: (typeof FINDER_CATEGORIES)[number], edit: boolean): Promise<void> {
  delete ctx.session.finderAsked;
  const locale = await ctx.i18n.getLocale();
  const services = ctx.deps.catalog.data.services
    .filter((service) => service.categories.some((c) => category.covers.includes(c)))
    .slice(0, MAX_CATEGORY_SERVICES);
  const buttons: InlineKeyboardButton[] = services.map((service) => button(pick(service.name, locale)!, `f1:s:${who}:${category.code}:${service.id}`));
  const options = { reply_markup: column([...buttons, button(ctx.t("find-write"), "f1:write"), button(ctx.t("button-back"), `f1:w:${who}`)]) };
  await (edit ? editOrReply(ctx, ctx.t("find-need"), options) : ctx.reply(ctx.t("find-need"), options));
}

const wordsIn = (text: string) => text.trim().split(/\s+/u).filter(Boolean).length;

/** How long a finder's question waits for a typed answer. */
const FINDER_ANSWER_MS = 15 * 60_000;

/**
 * A typed answer to the finder's question on the screen (session 14's second trial: «мені», «для тата»,
 * even «Іншій людині» typed were searched and «не знайшов»): what its button does. Anything else is
 * a search, as before. Returns whether the message was such an answer.
 */
async function finderTyped(ctx: BotContext, text: string): Promise<boolean> {
  const asked = ctx.session.finderAsked;
  delete ctx.session.finderAsked;
  if (!asked || Date.now() - asked.at > FINDER_ANSWER_MS || emergencyNumbersShown(ctx)) return false;
  if (asked.step === "who") {
    // A short answer only: «мені потрібна субсидія» is a search (the review of session 14); «мені», «для
    // себе», «для тата», «мамі» are answers.
    const book = answerBook();
    const word = asWord(text);
    const said = () => {
      if (!book.isExactly("forWhom", text) && !(wordsIn(text) <= 2 && book.understand("relation", text))) return undefined;
      const forWhom = book.understandForWhom(text);
      return forWhom && (forWhom.forOther ? "ot" : "me");
    };
    const who: Who | undefined = word === asWord(ctx.t("find-who-me")) ? "me" : word === asWord(ctx.t("find-who-other")) ? "ot" : said();
    if (!who) return false;
    await askCategory(ctx, who, false);
    return true;
  }
  const typed = menuLabelKey(text);
  if (typed.length < 3) return false;
  const category = FINDER_CATEGORIES.find((candidate) => {
    const label = menuLabelKey(ctx.t(`category-${candidate.key}`));
    return label === typed || ` ${label} `.includes(` ${typed} `);
  });
  if (!category) return false;
  await askNeed(ctx, asked.who ?? "me", category, false);
  return true;
}

privateChat.hears(/^🔎/, async (ctx) => {
  if (await requireCommunity(ctx)) await askWho(ctx);
});

privateChat.callbackQuery(/^f1:w:(me|ot)$/, async (ctx) => {
  await ctx.answerCallbackQuery();
  await askCategory(ctx, ctx.match[1] as Who, true);
});

privateChat.callbackQuery("f1:home", async (ctx) => {
  await ctx.answerCallbackQuery();
  ctx.session.finderAsked = { step: "who", at: Date.now() };
  await editOrReply(ctx, ctx.t("find-who"), {
    reply_markup: column([button(ctx.t("find-who-me"), "f1:w:me"), button(ctx.t("find-who-other"), "f1:w:ot")]),
  });
});

privateChat.callbackQuery(/^f1:c:(me|ot):(\w)$/, async (ctx) => {
  const [, who, code] = ctx.match;
  const category = FINDER_CATEGORIES.find((candidate) => candidate.code === code);
  if (!category) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-stale") });
    return;
  }
  await ctx.answerCallbackQuery();
  await askNeed(ctx, who as Who, category, true);
});

privateChat.callbackQuery("f1:write", async (ctx) => {
  await ctx.answerCallbackQuery();
  await ctx.reply(ctx.t("find-write-prompt"));
});

/** Sends (or replaces) a service card with its buttons; `header` goes above it (a search's "found 3"). Also «⬅️ Назад» from a request's first question. */
export async function showCard(ctx: BotContext, serviceId: string, buttons: { back: string; other?: string; who?: Who }, edit: boolean, header?: string) {
  // After a story, the card's "send a request" sends the story itself (one tap, text already filled in).
  const story = isFreshStory(ctx.session.storyDraft, Date.now());
  const communityId = await requireCommunity(ctx);
  if (!communityId) return;
  const locale = await ctx.i18n.getLocale();
  const confirmed = await ctx.deps.freshness.confirmedAt(
    ctx.deps.catalog.offersFor(communityId, serviceId).map(({ provider }) => providerKey(communityId, provider.id)),
  );
  const card = keptServiceCard(ctx.deps.catalog, serviceId, communityId, locale, (key, vars) => ctx.t(key, vars), confirmed);
  const text = header ? `${header}\n\n${card}` : card;
  const crisis = isCrisisService(serviceId);
  const keyboard = column([
    story
      ? button(ctx.t("story-send"), `st1:${serviceId}`)
      : button(ctx.t("card-send-request"), `rq1:n:${serviceId}:${buttons.who ?? "-"}`),
    ...(buttons.other ? [button(ctx.t("card-other-options"), buttons.other)] : []),
    button(ctx.t("card-report-error"), reportErrorData(serviceId)),
    button(ctx.t("card-back"), buttons.back),
    // A crisis service's card is where danger was met too: «🧹», and the chat is watched from here.
    ...(crisis ? [hideButton(ctx)] : []),
  ]);
  if (crisis) await watchChat(ctx, edit && ctx.callbackQuery?.message ? [ctx.callbackQuery.message.message_id] : []);
  // A typed «так» right after this card does what its «✉️ Надіслати звернення» does (features/small-talk.ts).
  if (story) delete ctx.session.shownCard;
  else ctx.session.shownCard = { serviceId, at: Date.now(), ...(buttons.who ? { who: buttons.who } : {}) };
  const options = { parse_mode: "HTML" as const, reply_markup: keyboard, link_preview_options: { is_disabled: true } };
  if (edit) await editOrReply(ctx, text, options);
  else await ctx.reply(text, options);
}

privateChat.callbackQuery(/^f1:s:(me|ot):(\w):([a-z0-9-]+)$/, async (ctx) => {
  const [, who, code, serviceId] = ctx.match;
  if (!ctx.deps.catalog.services.has(serviceId!)) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-stale") });
    return;
  }
  await ctx.answerCallbackQuery();
  await showCard(ctx, serviceId!, { back: `f1:c:${who}:${code}`, who: who as Who }, true);
});

/**
 * "Another option" after a search: f1:r:<position>:<the results as catalogue refs>. The results ride in
 * the button, so an older card pages through its own search (and nothing is written per search).
 */
privateChat.callbackQuery(/^f1:r:(\d):([0-9a-z]{5,40})$/, async (ctx) => {
  const index = Number(ctx.match[1]);
  const results = ctx.deps.catalog.servicesOfRefs(ctx.match[2]!);
  const serviceId = results?.[index];
  if (!results || !serviceId) {
    await ctx.answerCallbackQuery({ text: ctx.t(results ? "card-no-more" : "button-stale") });
    return;
  }
  await ctx.answerCallbackQuery({ text: ctx.t("search-option", { position: index + 1, total: results.length }) });
  await showCard(ctx, serviceId, { back: "f1:home", ...nextOption(ctx, results, index) }, true);
});

/** The "another option" button's data for the result after `index`, if there is one. */
function nextOption(ctx: BotContext, results: string[], index: number): { other?: string } {
  return results[index + 1] ? { other: `f1:r:${index + 1}:${ctx.deps.catalog.serviceRefs(results)}` } : {};
}

/** Free text outside a dialogue is a search. */
privateChat.on("message:text", async (ctx) => {
  const query = ctx.message.text.trim();
  if (query.startsWith("/")) {
    await ctx.reply(ctx.t("help-text"), { parse_mode: "HTML" });
    return;
  }
  if (!(await requireCommunity(ctx))) return;
  if (await finderTyped(ctx, query)) return;
  await searchText(ctx, query);
});

/** The services this update's search found, best first (none when it found nothing or was no search). */
const foundNow = new WeakMap<BotContext, readonly string[]>();
export const servicesFound = (ctx: BotContext): readonly string[] | undefined => foundNow.get(ctx);

/**
 * Under the numbers of violence, fear or a child at risk, only cards that help with that: «не можу
 * говорити, він поруч» found a toddlers' speech service below the numbers (session 14's second trial).
 * Other kinds keep what the search found: after a fall, the care that follows; with nowhere to sleep,
 * a shelter and aid.
 */
const FITS_DANGER = new Set(["crisis-intervention", "shelter", "psychological-support", "legal-aid", "social-accompaniment", "counselling"]);
const FILTERED_KINDS = new Set<string>(["violence", "fear", "child"]);
function afterDanger<T extends { serviceId: string }>(ctx: BotContext, results: T[]): T[] {
  const kinds = dangerKindsShown(ctx);
  if (!kinds?.some((kind) => FILTERED_KINDS.has(kind))) return results;
  return results.filter((result) => FITS_DANGER.has(result.serviceId));
}

/** Answers a free-text search (also a first message kept until the resident chose a community). */
export async function searchText(ctx: BotContext, query: string): Promise<void> {
  const results = afterDanger(ctx, ctx.deps.matcher.search(query.slice(0, MAX_QUERY_LENGTH), 5));
  const story = isStory(query);
  ctx.deps.logger.info({ event: "search", results: results.length, story }, "free-text search");
  // Only the latest story is kept, and only a story: a short search clears an older one.
  if (story) ctx.session.storyDraft = storyDraftOf(query, results[0]?.serviceId, Date.now());
  else delete ctx.session.storyDraft;
  delete ctx.session.shownCard; // showCard remembers the card it shows
  if (results.length === 0 && emergencyNumbersShown(ctx)) return; // "nothing found" after the hotlines would be cold
  if (results.length === 0) {
    // A story that fits no service still says what is needed: one tap sends it to the general department.
    await ctx.reply(ctx.t(story ? "story-nothing" : "search-nothing"), {
      reply_markup: column([story ? button(ctx.t("story-send"), "st1:-") : button(ctx.t("search-nothing-send"), "rq1:n:-:-")]),
    });
    return;
  }
  const serviceIds = results.map((result) => result.serviceId);
  foundNow.set(ctx, serviceIds);
  // One message, the count above the best card: less to scroll past on a small screen.
  await showCard(ctx, serviceIds[0]!, { back: "f1:home", ...nextOption(ctx, serviceIds, 0) }, false, ctx.t("search-found", { count: results.length }));
}

/**
 * st1:<service id or -> — "send my message as a request": the kept story goes to the dialogue as «що
 * потрібно» (the dialogue reads ctx.session.storyDraft and clears it), for this service's department, or
 * the general one. A story that is gone (used, replaced, too old, erased) is not guessed at.
 */
privateChat.callbackQuery(/^st1:([a-z0-9-]+|-)$/, async (ctx) => {
  const service = ctx.match[1]!;
  const serviceId = service === "-" ? undefined : service;
  const draft = ctx.session.storyDraft;
  if ((serviceId && !ctx.deps.catalog.services.has(serviceId)) || !isFreshStory(draft, Date.now())) {
    if (draft && !isFreshStory(draft, Date.now())) delete ctx.session.storyDraft;
    await ctx.answerCallbackQuery({ text: ctx.t("story-gone"), show_alert: true });
    return;
  }
  await ctx.answerCallbackQuery();
  ctx.session.storyDraft = { ...storyDraftOf(draft.text, serviceId, draft.at) };
  await startDialogue(ctx, serviceId);
});

/** Anything else a resident sends outside a dialogue (stickers, locations …) gets a short, kind pointer. */
privateChat.on("message", async (ctx) => {
  await ctx.reply(ctx.t("unsupported-message"));
});
