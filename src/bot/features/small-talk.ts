import { FeatureComposer } from "../composer.ts";
import { classifySmallTalk } from "../../talk/small-talk.ts";
import type { BotContext } from "../context.ts";
import { mainMenu } from "../keyboards.ts";
import { emergencyNumbersShown } from "./danger.ts";
import { startDialogue } from "./request-help.ts";
import { isFreshStory } from "../../requests/story.ts";

/**
 * Thanks, greetings, «алло, ви мене чуєте?», a lone «?»: a short warm answer and the menu, instead of the
 * search's «не знайшов». After danger detection (a message that got the emergency numbers is never
 * answered as small talk) and before the search; a greeting with a need in it goes on to the search.
 */
export const smallTalkFeature = new FeatureComposer<BotContext>();

// Not async: every text passes through, and almost none is small talk (no promise of its own, issue 19).
smallTalkFeature.chatType("private").on("message:text", (ctx, next) => {
  if (emergencyNumbersShown(ctx)) return next();
  const kind = classifySmallTalk(ctx.message.text);
  if (!kind) return next();
  ctx.deps.logger.info({ event: "small_talk", kind }, "small talk answered");
  // «так», «давайте», «надішліть» right after a story's card: its «📨 Надіслати моє повідомлення».
  const story = ctx.session.storyDraft;
  if (kind === "yes" && isFreshStory(story, Date.now())) return startDialogue(ctx, story.serviceId);
  return ctx.reply(ctx.t(`smalltalk-${kind}`), { reply_markup: mainMenu((key, vars) => ctx.t(key, vars)) }).then(() => undefined);
});
