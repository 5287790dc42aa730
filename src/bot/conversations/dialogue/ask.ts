import type { Context } from "grammy";
import type { InlineKeyboardMarkup, KeyboardButton, Message, ReplyKeyboardMarkup } from "grammy/types";
import type { AnswerBook } from "../../../requests/typed-answers.ts";
import type { Translate } from "../../context.ts";
import { button } from "../../keyboards.ts";
import { MESSAGE_LIMIT } from "../../render/text.ts";
import { asWord, type Parsed } from "./answers.ts";

/**
 * Asking one question, and reading one update as its answer. Every press or message gets somewhere:
 * the question's own buttons, its typed equivalents (requests/typed-answers.ts), «назад»/«скасувати»;
 * anything else — a button of an older question, a word that fits no option, a menu tap — re-asks the
 * question the dialogue is waiting for, in one short line with fresh buttons (never the whole consent
 * text again), so nobody is left pressing buttons the bot no longer expects.
 *
 * A question is one message: its buttons are inline, or — when it needs a reply-keyboard key (to share
 * a contact) — all on that reply keyboard, as keys whose labels come back as typed answers (a message
 * carries one keyboard, and a second message with the inline buttons cost a Bot API call per question).
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
  /** A notice for a typed message that answers nothing here, said before the question is asked again. */
  unclear?: (text: string) => string | undefined;
  /** A message that answers a question taking text. */
  parse?: (ctx: Context) => Parsed<T>;
  back?: boolean;
  skip?: boolean;
  /**
   * Keys only a reply keyboard has (`request_contact`), in rows above the question's own buttons. With
   * them, the choices, «skip», «back» and «cancel» are reply-keyboard keys too: Telegram sends their
   * labels as messages, read like typed answers (`take`); the inline presses of the same step still count.
   */
  replyKeys?: KeyboardButton[][];
  /**
   * Its buttons as reply-keyboard keys, read like typed answers: a reply keyboard of the dialogue's (the
   * phone's) is still on the screen, and this question's message replaces it with its own keys, where an
   * inline keyboard would leave the old keys there (a message carries one keyboard).
   */
  replyKeyboard?: boolean;
  /** The menu's «✉️ Надіслати звернення» counts as this answer (the summary: send). */
  menuSend?: T;
}

export type Asked<T> = { value: T } | { outcome: "back" | "cancel" | "skip" };

/** Sends a message to the resident's chat (the dialogue's own way, see request-dialogue.ts). */
export type Say = (text: string, other?: Record<string, unknown>) => Promise<Message.TextMessage>;

export interface AskKit {
  t: Translate;
  book: AnswerBook;
  say: Say;
  menuLabels: ReadonlySet<string>;
  menuSendLabels: ReadonlySet<string>;
  /**
   * What the keys of the dialogue's reply keyboards send (`replyKeyLabels`). Such a keyboard stays on
   * the screen after its question (a message carries one keyboard, and the next question's are inline):
   * a key pressed at another question — «🔕» as a name, twice «🔕» — is no answer there.
   */
  replyKeyLabels?: ReadonlySet<string>;
}

/** The question's buttons in rows, as label and callback data: choices, then «skip», then «back» and «cancel». */
function buttonRows(question: Question<unknown>, t: Translate): Array<Array<{ label: string; data: string }>> {
  const { step } = question;
  const rows: Array<Array<{ label: string; data: string }>> = [];
  const columns = question.columns ?? 1;
  const choiceButtons = (question.choices ?? []).map((choice) => ({ label: choice.label, data: `${CALLBACK_PREFIX}:${step}:v:${choice.value}` }));
  for (let i = 0; i < choiceButtons.length; i += columns) rows.push(choiceButtons.slice(i, i + columns));
  if (question.skip) rows.push([{ label: t("button-skip"), data: `${CALLBACK_PREFIX}:${step}:skip` }]);
  rows.push([
    ...(question.back === false ? [] : [{ label: t("button-back"), data: `${CALLBACK_PREFIX}:${step}:back` }]),
    { label: t("button-cancel"), data: `${CALLBACK_PREFIX}:${step}:cancel` },
  ]);
  return rows;
}

/** The one keyboard the question's message carries (see the module's note). */
export function keyboardOf(question: Question<unknown>, t: Translate): InlineKeyboardMarkup | ReplyKeyboardMarkup {
  const rows = buttonRows(question, t);
  if (!question.replyKeys && !question.replyKeyboard) return { inline_keyboard: rows.map((row) => row.map(({ label, data }) => button(label, data))) };
  return {
    keyboard: [...(question.replyKeys ?? []), ...rows.map((row) => row.map(({ label }) => ({ text: label })))],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

/** The labels of the reply-keyboard keys these questions show (see AskKit.replyKeyLabels). */
export function replyKeyLabels(questions: ReadonlyArray<Question<unknown>>, t: Translate): Set<string> {
  const labels = new Set<string>();
  for (const question of questions) {
    const markup = keyboardOf(question, t);
    if ("keyboard" in markup) for (const row of markup.keyboard) for (const key of row) labels.add(typeof key === "string" ? key : key.text);
  }
  return labels;
}

/** Asks the question, in one message with its buttons; a notice (what was wrong) goes in the same message when it fits. */
export async function prompt(kit: AskKit, question: Question<unknown>, text = question.text, notice?: string): Promise<void> {
  let message = text;
  if (notice !== undefined) {
    if (notice.length + 2 + text.length <= MESSAGE_LIMIT) message = `${notice}\n\n${text}`;
    else await kit.say(notice);
  }
  await kit.say(message, { parse_mode: "HTML", reply_markup: keyboardOf(question, kit.t) });
}

/** Asks again: a choice question in its one short line (after a one-line notice), others in full. */
const reask = (kit: AskKit, question: Question<unknown>, notice?: string) =>
  question.short !== undefined ? prompt(kit, question, notice ? `${notice}\n${question.short}` : question.short) : prompt(kit, question, question.text, notice);

/**
 * Reads one update as the answer to `question`. Undefined when it answers nothing: the question was
 * asked again (or the update — an edit, a reaction — was passed over quietly), and the dialogue waits on.
 */
export async function take<T>(kit: AskKit, ctx: Context, question: Question<T>): Promise<Asked<T> | undefined> {
  const { step } = question;
  const { t, book } = kit;
  const query = ctx.callbackQuery;
  if (query && query.data === undefined) {
    // A button without data (a game's): answered, so its spinner stops.
    await ctx.answerCallbackQuery({ text: t("button-stale") });
    return undefined;
  }
  if (query?.data !== undefined) {
    const [prefix, answerStep, action, ...rest] = query.data.split(":");
    if (prefix === CALLBACK_PREFIX && answerStep === step) {
      if (action === "cancel" || (action === "back" && question.back !== false) || (action === "skip" && question.skip)) {
        await ctx.answerCallbackQuery();
        return { outcome: action };
      }
      const value = action === "v" ? question.fromChoice?.(rest.join(":")) : undefined;
      if (value !== undefined) {
        await ctx.answerCallbackQuery();
        return { value };
      }
    }
    // A button of an earlier question (or of one the bot never got to save): ask what we wait for.
    await ctx.answerCallbackQuery({ text: t("req-reasked") });
    await reask(kit, question);
    return undefined;
  }
  if (!ctx.message) return undefined; // edits, reactions and the like: keep waiting quietly
  const typed = ctx.message.text?.trim();
  if (typed !== undefined) {
    const navigation = book.navigationOf(typed);
    if (navigation === "cancel") return { outcome: "cancel" };
    if (navigation === "back" && question.back !== false) return { outcome: "back" };
    if (navigation === "skip" && question.skip) return { outcome: "skip" };
    if (navigation === "repeat") {
      await prompt(kit, question);
      return undefined;
    }
    const word = asWord(typed);
    const choice = question.choices?.find((candidate) => asWord(candidate.label) === word);
    const chosen = choice ? question.fromChoice?.(choice.value) : undefined;
    if (chosen !== undefined) return { value: chosen };
    if (kit.replyKeyLabels?.has(typed)) {
      await reask(kit, question, t("req-reasked"));
      return undefined;
    }
    if (kit.menuLabels.has(typed)) {
      if (question.menuSend !== undefined && kit.menuSendLabels.has(typed)) return { value: question.menuSend };
      await reask(kit, question, t("req-unfinished"));
      return undefined;
    }
    const understood = question.understand?.(typed);
    if (understood !== undefined) return { value: understood };
  }
  const parsed = question.parse?.(ctx);
  if (parsed && "value" in parsed) return parsed;
  if (question.parse) await prompt(kit, question, question.text, parsed?.invalid ?? t("req-invalid-answer"));
  else await reask(kit, question, typed !== undefined ? question.unclear?.(typed) : undefined);
  return undefined;
}
