import { FeatureComposer } from "../composer.ts";
import { hears } from "@grammyjs/i18n";
import type { BotContext } from "../context.ts";
import { MENU_KEYS } from "../keyboards.ts";
import { dialogueActive, leaveDialogue } from "../conversations/request-dialogue.ts";
import { privacyEverywhere } from "./privacy.ts";
import { showMenu } from "./start.ts";

/**
 * Commands and menu buttons that work everywhere, even in the middle of a dialogue. Installed before
 * the dialogues: /help and /privacy answer without disturbing a dialogue; /cancel ends it; /start and
 * the other commands end it (saying so) and then do their usual job further down; the menu buttons
 * leave it be (see request-dialogue.ts).
 */
export const globalCommandsFeature = new FeatureComposer<BotContext>();
const privateChat = globalCommandsFeature.chatType("private");

privateChat.command("help", async (ctx) => {
  await ctx.reply(ctx.t("help-text"), { parse_mode: "HTML" });
});

// /privacy, with the consents given and their withdrawal (features/privacy.ts).
privateChat.use(privacyEverywhere);

privateChat.command("cancel", async (ctx) => {
  const wasActive = leaveDialogue(ctx);
  delete ctx.session.followUpRequestId;
  delete ctx.session.correction;
  await showMenu(ctx, wasActive ? ctx.t("req-cancelled") : ctx.t("cancel-nothing"));
});

const interrupting = ["start", "delete_me", "language", "community"];
privateChat.command(interrupting, async (ctx, next) => {
  if (leaveDialogue(ctx)) await ctx.reply(ctx.t("req-cancelled"));
  delete ctx.session.followUpRequestId;
  delete ctx.session.correction;
  await next();
});

for (const key of MENU_KEYS) {
  privateChat.filter(hears(key), async (ctx, next) => {
    // A menu button in the middle of a request goes to the dialogue, which keeps the draft (and takes
    // "✉️ Send a request" on its summary for "send"): a finished request must not vanish on a tap.
    if (!dialogueActive(ctx)) delete ctx.session.followUpRequestId;
    await next();
  });
}
