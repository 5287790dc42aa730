import type { Context } from "grammy";
import type { ReplyKeyboardMarkup } from "grammy/types";
import { describe, expect, it } from "vitest";
import { keyboardOf, prompt, replyKeyLabels, take, type AskKit } from "../../src/bot/conversations/dialogue/ask.ts";
import { createQuestions } from "../../src/bot/conversations/dialogue/steps.ts";
import type { Translate } from "../../src/bot/context.ts";
import { createI18n, SUPPORTED_LOCALES } from "../../src/bot/i18n.ts";
import { answerBook } from "../../src/requests/typed-answers.ts";

/**
 * A question is one message (issue 19: a Bot API call less per question that needs a reply keyboard):
 * the phone question's «🔕», «⬅️», «✖️» are keys of its reply keyboard, and what those keys send — in
 * either language — is the same answer as the inline buttons of the same step, which stay valid for
 * dialogues asked before the change.
 */

const i18n = createI18n("uk");
const translator = (locale: string): Translate => (key, variables) => i18n.t(locale, key, variables);

function kitIn(locale: string) {
  const said: Array<{ text: string; other?: Record<string, unknown> }> = [];
  const kit: AskKit = {
    t: translator(locale),
    book: answerBook(),
    say: async (text, other) => {
      said.push({ text, ...(other ? { other } : {}) });
      return { message_id: said.length, date: 0, chat: { id: 1, type: "private", first_name: "R" }, text } as never;
    },
    menuLabels: new Set(),
    menuSendLabels: new Set(),
  };
  return { kit, said };
}

const phoneQuestion = (locale: string) => createQuestions(translator(locale), answerBook()).phone(true);

/** A resident's message, or a press of `data`, as the context `take` reads. */
function update(content: { text: string } | { data: string }) {
  const answers: Array<string | undefined> = [];
  const ctx = {
    from: { id: 1, is_bot: false, first_name: "R" },
    message: "text" in content ? { message_id: 2, date: 0, chat: { id: 1, type: "private" }, text: content.text } : undefined,
    callbackQuery: "data" in content ? { id: "q", from: { id: 1 }, chat_instance: "1", data: content.data } : undefined,
    answerCallbackQuery: async (other?: { text?: string }) => {
      answers.push(other?.text);
      return true;
    },
  } as unknown as Context;
  return { ctx, answers };
}

describe("the phone question: one message, every key on its reply keyboard", () => {
  it.each(SUPPORTED_LOCALES)("%s: «📱» (a contact), then «🔕», then «⬅️» and «✖️»; no inline buttons", (locale) => {
    const t = translator(locale);
    const markup = keyboardOf(phoneQuestion(locale), t) as ReplyKeyboardMarkup;
    expect(markup).not.toHaveProperty("inline_keyboard");
    expect(markup.keyboard).toEqual([
      [{ text: t("req-phone-share"), request_contact: true }],
      [{ text: t("req-phone-bot-only") }],
      [{ text: t("button-back") }, { text: t("button-cancel") }],
    ]);
    expect(markup.one_time_keyboard).toBe(true);
  });

  it("is sent as one message carrying that keyboard (it used to be two: the question and «⬇️»)", async () => {
    const { kit, said } = kitIn("uk");
    await prompt(kit, phoneQuestion("uk"));
    expect(said).toHaveLength(1);
    expect(said[0]!.text).toBe(kit.t("req-phone"));
    expect(said[0]!.other?.reply_markup).toEqual(keyboardOf(phoneQuestion("uk"), kit.t));
  });

  it("a notice goes in the same message", async () => {
    const { kit, said } = kitIn("uk");
    await prompt(kit, phoneQuestion("uk"), phoneQuestion("uk").text, kit.t("req-phone-invalid"));
    expect(said.map((m) => m.text)).toEqual([`${kit.t("req-phone-invalid")}\n\n${kit.t("req-phone")}`]);
  });

  it("a question asked while such keys are on the screen carries its own buttons as keys, read as its answers", async () => {
    const { kit, said } = kitIn("uk");
    const question = { ...createQuestions(kit.t, kit.book).forWhom(true), replyKeyboard: true };
    const markup = keyboardOf(question, kit.t) as ReplyKeyboardMarkup;
    expect(markup).not.toHaveProperty("inline_keyboard");
    expect(markup.keyboard.map((row) => row.map((key) => (typeof key === "string" ? key : key.text)))).toEqual([
      [kit.t("req-for-me")],
      [kit.t("req-for-other")],
      [kit.t("button-back"), kit.t("button-cancel")],
    ]);
    expect(await take(kit, update({ text: kit.t("req-for-other") }).ctx, question)).toEqual({ value: { forOther: true } });
    expect(await take(kit, update({ text: kit.t("button-back") }).ctx, question)).toEqual({ outcome: "back" });
    expect(said).toEqual([]);
  });

  it("a question without reply keys keeps its inline buttons", () => {
    const t = translator("uk");
    const markup = keyboardOf(createQuestions(t, answerBook()).callbackTime(true), t);
    expect(markup).toHaveProperty("inline_keyboard");
    expect(markup).not.toHaveProperty("keyboard");
  });
});

describe("what the phone question's keys send is understood, in both languages, in a dialogue of either", () => {
  const cases = SUPPORTED_LOCALES.flatMap((dialogue) =>
    SUPPORTED_LOCALES.flatMap((keys) => [
      [dialogue, keys, "req-phone-bot-only", { value: { botOnly: true } }],
      [dialogue, keys, "button-back", { outcome: "back" }],
      [dialogue, keys, "button-cancel", { outcome: "cancel" }],
    ] as const),
  );
  it.each(cases)("a %s dialogue reads the %s key %s", async (dialogue, keys, key, expected) => {
    const { kit, said } = kitIn(dialogue);
    const { ctx } = update({ text: translator(keys)(key) });
    expect(await take(kit, ctx, phoneQuestion(dialogue))).toEqual(expected);
    expect(said).toEqual([]); // an answer, not a re-ask
  });

  it("a word that is none of them is no answer: the question again, with its keyboard", async () => {
    const { kit, said } = kitIn("uk");
    const { ctx } = update({ text: "абракадабра" });
    expect(await take(kit, ctx, phoneQuestion("uk"))).toBeUndefined();
    expect(said).toHaveLength(1);
    expect(said[0]!.text).toContain(kit.t("req-phone"));
    expect(said[0]!.other?.reply_markup).toHaveProperty("keyboard");
  });
});

describe("the inline buttons of the phone question, from a dialogue asked before the change, still work", () => {
  it.each([
    ["d1:phone:v:botonly", { value: { botOnly: true } }],
    ["d1:phone:back", { outcome: "back" }],
    ["d1:phone:cancel", { outcome: "cancel" }],
  ] as const)("%s", async (data, expected) => {
    const { kit, said } = kitIn("uk");
    const { ctx, answers } = update({ data });
    expect(await take(kit, ctx, phoneQuestion("uk"))).toEqual(expected);
    expect(answers).toEqual([undefined]); // the spinner stopped, without a «re-asked» note
    expect(said).toEqual([]);
  });
});

describe("a key of the phone keyboard, still on the screen at a later question, is no answer there", () => {
  // The tester's case: «⬅️ Назад» from the phone question, then «🔕» became the resident's name; a
  // double tap of «🔕» became the address.
  it.each([
    ["contactName", "req-phone-bot-only"],
    ["address", "req-phone-bot-only"],
    ["contactName", "req-phone-share"],
  ] as const)("at %s, the text of %s asks the question again", async (step, key) => {
    const { kit, said } = kitIn("uk");
    const questions = createQuestions(kit.t, kit.book);
    kit.replyKeyLabels = replyKeyLabels([phoneQuestion("uk")], kit.t);
    const question = step === "contactName" ? questions.contactName(true) : questions.address(true);
    const { ctx } = update({ text: kit.t(key) });
    expect(await take(kit, ctx, question)).toBeUndefined();
    expect(said).toHaveLength(1);
    expect(said[0]!.text).toContain(kit.t("req-reasked"));
  });

  it("while at the phone question itself «🔕» is its answer, and a name is still a name", async () => {
    const { kit } = kitIn("uk");
    kit.replyKeyLabels = replyKeyLabels([phoneQuestion("uk")], kit.t);
    expect(await take(kit, update({ text: kit.t("req-phone-bot-only") }).ctx, phoneQuestion("uk"))).toEqual({ value: { botOnly: true } });
    const name = createQuestions(kit.t, kit.book).contactName(true);
    expect(await take(kit, update({ text: "Ольга" }).ctx, name)).toEqual({ value: "Ольга" });
  });
});
