import { FeatureComposer } from "../composer.ts";
import { CommunityGuesser } from "../../catalog/community-guess.ts";
import type { Catalog } from "../../catalog/catalog.ts";
import type { BotContext } from "../context.ts";
import { escapeHtml } from "../render/html.ts";
import { pick } from "../render/text.ts";
import { editOrReply } from "./edit-message.ts";
import { askWho, searchText } from "./find-service.ts";
import { startDialogue } from "./request-help.ts";
import { mainMenu } from "../keyboards.ts";
import { sessionWriteWith } from "../session-writes.ts";
import { askCommunity, communityOf, showMenu } from "./start.ts";

/**
 * The community, where the bot serves several: typed («житомир», «я с житомира», «Vinnytsia») it is
 * chosen at once; otherwise the buttons are shown with a word of why, and what the resident sent first
 * (a need, «🔎», «✉️») is kept and answered right after the choice, not lost.
 */
export const communityFeature = new FeatureComposer<BotContext>();
const privateChat = communityFeature.chatType("private");

const guessers = new WeakMap<Catalog, CommunityGuesser>();
function guesserFor(catalog: Catalog): CommunityGuesser {
  let guesser = guessers.get(catalog);
  if (!guesser) {
    guesser = CommunityGuesser.load([...catalog.communities.values()].map((community) => ({ id: community.id, names: Object.values(community.name).filter((name): name is string => typeof name === "string") })));
    guessers.set(catalog, guesser);
  }
  return guesser;
}

async function choose(ctx: BotContext, communityId: string): Promise<string> {
  const community = ctx.deps.catalog.communities.get(communityId)!;
  ctx.session.communityId = communityId;
  // The session (with the community) in the resident row's round trip (session-writes.ts).
  const session = sessionWriteWith(ctx);
  await ctx.deps.requests.rememberResident(BigInt(ctx.from!.id), await ctx.i18n.getLocale(), communityId, session ? [session.statement] : []);
  session?.written();
  return ctx.t("community-chosen", { community: escapeHtml(pick(community.name, await ctx.i18n.getLocale())!) });
}

const MAX_PENDING = 300;

/**
 * Chooses the community and answers what waited for it — the need typed first, «🔎», «✉️» — taking it
 * out of the session. `announce` shows the choice (`waiting`: something follows it; otherwise it comes
 * with the menu's hint). The button and the typed town's name both come here, so both go on alike.
 */
async function chooseAndContinue(ctx: BotContext, communityId: string, announce: (chosen: string, waiting: boolean) => Promise<unknown>): Promise<void> {
  const chosen = await choose(ctx, communityId);
  const pending = ctx.session.pendingFirst;
  delete ctx.session.pendingFirst;
  if (pending?.kind === "request" || pending?.kind === "find" || (pending?.kind === "search" && pending.text)) {
    await announce(chosen, true);
    if (pending.kind === "request") await startDialogue(ctx);
    else if (pending.kind === "find") await askWho(ctx);
    else await searchText(ctx, pending.text!);
    return;
  }
  await announce(chosen, false);
}

privateChat.on("message:text", async (ctx, next) => {
  const text = ctx.message.text.trim();
  if (communityOf(ctx) || text.startsWith("/")) return next();
  const isFind = text.startsWith("🔎");
  const isRequest = text.startsWith("✉️");
  if (!isFind && !isRequest && /^\p{Extended_Pictographic}/u.test(text)) return next(); // other menu buttons need no community
  const guess = isFind || isRequest ? undefined : guesserFor(ctx.deps.catalog).guess(text);
  if (guess) {
    if (guess.rest.length > 0) {
      // The town with a new message («житомир, потрібна доглядальниця»): that message is the one to answer.
      delete ctx.session.pendingFirst;
      await ctx.reply(await choose(ctx, guess.communityId), { parse_mode: "HTML" });
      await searchText(ctx, text);
      return;
    }
    await chooseAndContinue(ctx, guess.communityId, (chosen, waiting) => (waiting ? ctx.reply(chosen, { parse_mode: "HTML" }) : showMenu(ctx, `${chosen}\n${ctx.t("menu-hint")}`)));
    return;
  }
  // A town the bot does not serve («Бердичів», «из Бердичева»): the answer to «your community?», not a need
  // to search once a community is chosen (the tester's «Бердичів» was searched after «житомир»). A need
  // said with it («Бердичів, потрібна доглядальниця») waits as any first message does.
  const elsewhere = isFind || isRequest ? undefined : guesserFor(ctx.deps.catalog).elsewhere(text);
  if (elsewhere) {
    if (elsewhere.rest.length > 0) ctx.session.pendingFirst = { kind: "search", text: Array.from(text).slice(0, MAX_PENDING).join("") };
    const place = (await ctx.i18n.getLocale()) === "uk" ? elsewhere.place : (elsewhere.latin ?? elsewhere.place);
    await askCommunity(ctx, ctx.t("community-elsewhere", { place }));
    return;
  }
  ctx.session.pendingFirst = isFind ? { kind: "find" } : isRequest ? { kind: "request" } : { kind: "search", text: Array.from(text).slice(0, MAX_PENDING).join("") };
  await askCommunity(ctx, ctx.t(isFind || isRequest ? "community-why" : "community-why-message"));
});

privateChat.callbackQuery(/^cm1:([a-z0-9-]+)$/, async (ctx) => {
  const communityId = ctx.match[1]!;
  if (!ctx.deps.catalog.communities.has(communityId)) {
    await ctx.answerCallbackQuery({ text: ctx.t("button-stale") });
    return;
  }
  await ctx.answerCallbackQuery();
  await chooseAndContinue(ctx, communityId, (chosen, waiting) =>
    waiting
      ? // The question becomes the choice (its buttons go), then what the resident asked for first.
        editOrReply(ctx, chosen, { parse_mode: "HTML" })
      : // Nothing waits: the question becomes the choice and the menu's hint, in one message (as when
        // the community is typed). The menu itself is on the screen already: it is persistent, and
        // /start's greeting, which asks the community, carries it; a question that can no longer be
        // edited gets a new message with the menu.
        editOrReply(ctx, `${chosen}\n${ctx.t("menu-hint")}`, { parse_mode: "HTML" }, { reply_markup: mainMenu((key, variables) => ctx.t(key, variables)) }),
  );
});
