import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { phoneAnswer } from "../../src/bot/conversations/dialogue/answers.ts";
import { createQuestions } from "../../src/bot/conversations/dialogue/steps.ts";
import { answerBook } from "../../src/requests/typed-answers.ts";
import { residentPhoneIn } from "../../src/requests/phone.ts";
import { t } from "../security/driver.ts";

/** The resident's own number with words around it: «мій номер 067 123 45 67», «тел. 0671234567». */

describe("residentPhoneIn", () => {
  it.each([
    ["мій номер 067 123 45 67", "+380671234567"],
    ["тел. 0671234567", "+380671234567"],
    ["my number is 067 123 45 67", "+380671234567"],
    ["Мой номер: +38 (067) 123-45-67.", "+380671234567"],
    ["телефон 050 765 43 21, дякую", "+380507654321"],
    ["мій номер 8 067 123 45 67", "+380671234567"], // the old trunk prefix, which libphonenumber passes over
    ["тел 0412 48 12 12", "+380412481212"],
    ["номер доньки в Польщі +48 601 234 567", "+48601234567"],
    ["067 123 45 67, тобто 0671234567", "+380671234567"], // one number, written twice
    ["0671234567", "+380671234567"],
  ])("%j → %s", (text, phone) => {
    expect(residentPhoneIn(text)).toEqual({ phone });
  });

  it.each([["0671234567 0501234567"], ["номер 067 123 45 67 або 050 765 43 21"], ["мій: 0671234567, чоловіка: +48 601 234 567"]])("%j holds two different numbers", (text) => {
    expect(residentPhoneIn(text)).toEqual({ several: true });
  });

  it.each([
    ["нема"],
    ["мені 75 років"],
    ["вул. Шевченка 12, кв. 5"],
    ["мій номер 123"],
    ["номер 671234567"], // nine digits: no leading 0
    ["+7 912 345 67 89 мій"],
    ["дзвоніть після 18, 067 123 45 67"], // other digits besides it: not sure what is the number
    ["067 123 45 67 кв. 12"],
  ])("%j is no phone", (text) => {
    expect(residentPhoneIn(text)).toBeNull();
  });
});

describe("the phone step's answer", () => {
  const typed = (text: string) => phoneAnswer({ message: { text }, from: { id: 1 } } as unknown as Context, t);

  it("takes a number among words", () => {
    expect(typed("мій номер 067 123 45 67")).toEqual({ value: "+380671234567" });
    expect(typed("тел. 0671234567")).toEqual({ value: "+380671234567" });
    expect(typed("my number is 067 123 45 67")).toEqual({ value: "+380671234567" });
  });

  it("asks for one number when there are two, and still refuses what is no number", () => {
    expect(typed("0671234567 або 0507654321")).toEqual({ invalid: t("req-phone-several") });
    expect(typed("мій номер 123")).toEqual({ invalid: `${t("req-phone-invalid")}\n${t("req-phone-none")}` });
  });
});

describe("no phone at all, at the phone step", () => {
  const questions = createQuestions(t, answerBook());
  const phone = questions.phone(true);

  it.each([["нема"], ["Немає"], ["не маю телефону"], ["немає телефону"], ["нема мобільного"], ["у мене нема телефону"], ["нету телефона"], ["no phone"], ["I don't have a phone"]])(
    "%j is «🔕 don't call, write only here»",
    (text) => {
      expect(phone.understand!(text)).toEqual({ botOnly: true });
    },
  );

  it("a number in the message wins; «не дзвоніть» with a number stays safe mode", () => {
    expect(phone.understand!("нема мобільного, є домашній 0412 48 12 12")).toBeUndefined();
    expect(phone.understand!("мій номер 067 123 45 67")).toBeUndefined();
    expect(phone.understand!("не дзвоніть, він почує, 067 123 45 67")).toEqual({ botOnly: true });
  });

  it("only at the phone step: at «як Вам зручніше» «нема …» begins a description", () => {
    const text = "нема кому доглядати за мамою";
    expect(questions.mode(true).understand!(text)).toEqual({ mode: "write", details: text });
  });

  it("a wrong number is asked again with that way out", () => {
    const typed = phoneAnswer({ message: { text: "067 12" }, from: { id: 1 } } as unknown as Context, t);
    expect(typed && "invalid" in typed && typed.invalid).toContain(t("req-phone-none"));
    expect(t("req-phone-none")).toContain(t("req-phone-bot-only"));
    expect(t("req-phone-none", {}, "en")).toContain(t("req-phone-bot-only", {}, "en"));
  });
});

describe("«the number my Telegram has», at the phone step", () => {
  const questions = createQuestions(t, answerBook());
  const phone = questions.phone(true);
  const parse = (text: string) => phone.parse!({ message: { text }, from: { id: 1 } } as unknown as Context);

  // The tester's case: «номер той самий що в телеграмі» was read as «🔕 не дзвоніть» (it holds «в телеграмі»),
  // and the call-back the resident wanted became a written request nobody would call about.
  it.each([["номер той самий що в телеграмі"], ["як у телеграмі"], ["тот же что в телеграме"], ["this number"]])(
    "%j is no «don't call»: the resident is asked to press «📱»",
    (text) => {
      expect(phone.understand!(text)).toBeUndefined();
      expect(parse(text)).toEqual({ invalid: t("req-phone-telegram") });
    },
  );

  it("asking to be written to in Telegram is still safe mode", () => {
    for (const text of ["пишіть мені в телеграмі", "напишіть в телеграм", "тільки в телеграмі", "пишіть тут"]) {
      expect(phone.understand!(text), text).toEqual({ botOnly: true });
    }
  });

  it("a number typed with it is taken", () => {
    expect(parse("як у телеграмі, 067 123 45 67")).toEqual({ value: { phone: "+380671234567" } });
  });
});
