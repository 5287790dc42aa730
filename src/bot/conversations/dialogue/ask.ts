import type { Conversation } from "@grammyjs/conversations";
import type { InlineKeyboardButton, InlineKeyboardMarkup, ReplyKeyboardMarkup } from "grammy/types";
import type { AnswerBook } from "../../../requests/typed-answers.ts";
import type { BotContext, DialogueContext, Translate } from "../../context.ts";
import { button } from "../../keyboards.ts";
import { MESSAGE_LIMIT } from "../../render/text.ts";
import { asWord, type Parsed } from "./answers.ts";

/**
 * Asking one question and waiting until the resident's answer can be placed. Every press or message
 * gets somewhere: the question's own buttons, its typed equivalents (requests/typed-answers.ts),
 * «назад»/«скасувати»; anything else — a button of an older question, a word that fits no option,
 * a menu tap — re-asks the question the dialogue is waiting for, in one short line with fresh buttons
 * (never the whole consent text again), so nobody is left pressing buttons the bot no longer expects.
 */

export const CALLBACK_PREFIX = "d1";

export interface Choice {
  label: string;
  value: string;
}

export interface Question<T> {
  /** The step's id in callback data: `d1:<step>:v:<value>`, `d1:<step>:back` … */
  step: string;
  /** The question as first asked (HTML). */
  text: string;
  /** One line that asks it again (choice questions); questions that take text repeat `text`. */
  short?: string;
  choices?: Choice[];
  /** Buttons per row (1 by default). */
  columns?: number;
  fromChoice?: (value: string) => T | undefined;
  /** A typed message that means one of the choices («да согласна», «для тата»). */
  understand?: (text: string) => T | undefined;
  /** A message that answers a question taking text. */
  parse?: (ctx: DialogueContext) => Parsed<T>;
  back?: boolean;
  skip?: boolean;
  replyKeyboard?: ReplyKeyboardMarkup;
  /** The menu's «✉️ Надіслати звернення» counts as this answer (the summary: send). */
  menuSend?: T;
}

export type Asked<T> = { value: T } | { outcome: "back" | "cancel" | "skip" };

export interface AskKit {
  conversation: Conversation<BotContext, DialogueContext>;
  ctx: DialogueContext;
  t: Translate;
  book: AnswerBook;
  /** Sent with the note that a late answer ended the dialogue. */
  menu: { reply_markup: unknown };
  timeoutMs: number;
  /** What to say when a late answer ends the dialogue (it may have been sent before a crash). */
  expiredText: () => Promise<string>;
  menuLabels: ReadonlySet<string>;
  menuSendLabels: ReadonlySet<string>;
}

export function createAsk(kit: AskKit) {
  const { conversation, ctx, t, book } = kit;

  /** Waits for the next update; an answer that comes after the timeout ends the dialogue kindly. */
  async function next(): Promise<DialogueContext> {
    const before = await conversation.now();
    const update = await conversation.wait();
    if ((await conversation.now()) - before > kit.timeoutMs) {
      if (update.callbackQuery) await update.answerCallbackQuery();
      await update.reply(await kit.expiredText(), { parse_mode: "HTML", ...(kit.menu as object) });
      return conversation.halt();
    }
    return update;
  }

  return async function ask<T>(question: Question<T>): Promise<Asked<T>> {
    const { step } = question;
    const rows: InlineKeyboardButton[][] = [];
    const columns = question.columns ?? 1;
    const choiceButtons = (question.choices ?? []).map((choice) => button(choice.label, `${CALLBACK_PREFIX}:${step}:v:${choice.value}`));
    for (let i = 0; i < choiceButtons.length; i += columns) rows.push(choiceButtons.slice(i, i + columns));
    if (question.skip) rows.push([button(t("button-skip"), `${CALLBACK_PREFIX}:${step}:skip`)]);
    rows.push([
      ...(question.back === false ? [] : [button(t("button-back"), `${CALLBACK_PREFIX}:${step}:back`)]),
      button(t("button-cancel"), `${CALLBACK_PREFIX}:${step}:cancel`),
    ]);
    const inline: InlineKeyboardMarkup = { inline_keyboard: rows };

    /** Asks the question; a notice (what was wrong) goes in the same message when it fits. */
    const prompt = async (text: string, notice?: string) => {
      let message = text;
      if (notice !== undefined) {
        if (notice.length + 2 + text.length <= MESSAGE_LIMIT) message = `${notice}\n\n${text}`;
        else await ctx.reply(notice);
      }
      if (question.replyKeyboard) {
        // A reply keyboard (to share a contact) and inline buttons cannot share a message.
        await ctx.reply(message, { parse_mode: "HTML", reply_markup: question.replyKeyboard });
        await ctx.reply("⬇️", { reply_markup: inline });
      } else {
        await ctx.reply(message, { parse_mode: "HTML", reply_markup: inline });
      }
    };
    /** Asks again: a choice question in its one short line (after a one-line notice), others in full. */
    const reask = (notice?: string) =>
      question.short !== undefined ? prompt(notice ? `${notice}\n${question.short}` : question.short) : prompt(question.text, notice);

    await prompt(question.text);
    for (;;) {
      const answer = await next();
      const query = answer.callbackQuery;
      if (query && query.data === undefined) {
        // A button without data (a game's): answered, so its spinner stops.
        await answer.answerCallbackQuery({ text: t("button-stale") });
        continue;
      }
      if (query?.data !== undefined) {
        const [prefix, answerStep, action, ...rest] = query.data.split(":");
        if (prefix === CALLBACK_PREFIX && answerStep === step) {
          if (action === "cancel" || (action === "back" && question.back !== false) || (action === "skip" && question.skip)) {
            await answer.answerCallbackQuery();
            return { outcome: action };
          }
          const value = action === "v" ? question.fromChoice?.(rest.join(":")) : undefined;
          if (value !== undefined) {
            await answer.answerCallbackQuery();
            return { value };
          }
        }
        // A button of an earlier question (or of one the bot never got to save): ask what we wait for.
        await answer.answerCallbackQuery({ text: t("req-reasked") });
        await reask();
        continue;
      }
      if (!answer.message) continue; // edits, reactions and the like: keep waiting quietly
      const typed = answer.message.text?.trim();
      if (typed !== undefined) {
        const navigation = book.navigationOf(typed);
        if (navigation === "cancel") return { outcome: "cancel" };
        if (navigation === "back" && question.back !== false) return { outcome: "back" };
        if (navigation === "skip" && question.skip) return { outcome: "skip" };
        const word = asWord(typed);
        const choice = question.choices?.find((candidate) => asWord(candidate.label) === word);
        const chosen = choice ? question.fromChoice?.(choice.value) : undefined;
        if (chosen !== undefined) return { value: chosen };
        if (kit.menuLabels.has(typed)) {
          if (question.menuSend !== undefined && kit.menuSendLabels.has(typed)) return { value: question.menuSend };
          await reask(t("req-unfinished"));
          continue;
        }
        const understood = question.understand?.(typed);
        if (understood !== undefined) return { value: understood };
      }
      const parsed = question.parse?.(answer);
      if (parsed && "value" in parsed) return parsed;
      if (question.parse) await prompt(question.text, parsed?.invalid ?? t("req-invalid-answer"));
      else await reask();
    }
  };
}
