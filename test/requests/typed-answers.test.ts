import { describe, expect, it } from "vitest";
import { AnswerBook, answerBook } from "../../src/requests/typed-answers.ts";

const book = answerBook();

describe("typed answers to the dialogue's button questions (data/dialogue/answers.yaml)", () => {
  it.each([
    ["да согласна", "yes"],
    ["Да, согласна!", "yes"],
    ["так", "yes"],
    ["ок", "yes"],
    ["згодна", "yes"],
    ["yes", "yes"],
    ["Так, я згодна 👍", "yes"],
    ["соглана", "yes"], // a typo
    ["погоджуюсь", "yes"],
    ["ні", "no"],
    ["нет", "no"],
    ["не згодна", "no"],
    ["ні, дякую", "no"],
    ["не согласна", "no"],
  ])("consent: %j → %s", (text, option) => {
    expect(book.understand("consent", text)).toBe(option);
  });

  it.each([
    ["позвоните мне пожалуста", "callback"],
    ["передзвоніть мені", "callback"],
    ["перезвоніть будь ласка", "callback"],
    ["просто подзвоніть", "callback"],
    ["call me back please", "callback"],
    ["опишу", "write"],
    ["напишу текстом", "write"],
  ])("mode: %j → %s", (text, option) => {
    expect(book.understand("mode", text)).toBe(option);
  });

  it.each([
    ["для себя", { forOther: false }],
    ["для себе", { forOther: false }],
    ["для мене", { forOther: false }],
    ["мені", { forOther: false }],
    ["for me", { forOther: false }],
    ["для тата", { forOther: true, relation: "parent" }],
    ["для мами", { forOther: true, relation: "parent" }],
    ["для сусідки", { forOther: true, relation: "neighbour" }],
    ["для соседки", { forOther: true, relation: "neighbour" }],
    ["для сина", { forOther: true, relation: "child" }],
    ["для доньки", { forOther: true, relation: "child" }],
    ["для дочери", { forOther: true, relation: "child" }],
    ["для онука", { forOther: true, relation: "grandchild" }],
    ["для внучки", { forOther: true, relation: "grandchild" }],
    ["для бабусі", { forOther: true, relation: "grandparent" }],
    ["for my daughter", { forOther: true, relation: "child" }],
    ["для іншої людини", { forOther: true }],
    ["не для себе", { forOther: true }],
  ])("for whom: %j → %o", (text, expected) => {
    expect(book.understandForWhom(text)).toEqual(expected);
  });

  it.each([
    ["зранку", "morning"],
    ["вранці", "morning"],
    ["утром", "morning"],
    ["після обіду", "afternoon"],
    ["после обеда", "afternoon"],
    ["вдень", "afternoon"],
    ["вечером", "evening"],
    ["ввечері", "evening"],
    ["будь коли", "any"],
    ["будь-коли", "any"],
    ["в любое время", "any"],
    ["все одно", "any"],
    ["anytime", "any"],
    ["зранку бажано, після 10", "morning"],
  ])("call-back time: %j → %s", (text, option) => {
    expect(book.understand("callbackTime", text)).toBe(option);
  });

  it.each([
    ["отправляйте", "send"],
    ["надсилайте", "send"],
    ["отправлйте", "send"], // a typo
    ["передзвоніть мені", "send"],
    ["позвоните мне пожалуста", "send"],
    ["так, все вірно", "send"],
    ["змінити", "edit"],
    ["не так", "edit"],
    ["є помилка", "edit"],
  ])("summary: %j → %s", (text, option) => {
    expect(book.understand("summary", text)).toBe(option);
  });

  it.each([
    ["не дзвоніть, пишіть лише сюди", "botOnly"],
    ["дзвонити не можна, він почує, пишіть сюди", "botOnly"],
    ["не звоните мне", "botOnly"],
    ["please don't call, write here", "botOnly"],
  ])("safe mode: %j → %s", (text, option) => {
    expect(book.understand("safeMode", text)).toBe(option);
  });

  it.each([["нема"], ["немає"], ["не маю телефону"], ["у мене нема телефону"], ["нема мобільного"], ["no phone"], ["I don't have a phone"], ["i do not have a phone"]])(
    "no phone (said at the phone step): %j → none",
    (text) => {
      expect(book.understand("noPhone", text)).toBe("none");
    },
  );

  it("«не маю телефону» is not safe mode itself (at «як Вам зручніше» it may begin a description)", () => {
    expect(book.understand("safeMode", "нема кому доглядати, немає телефону")).toBeUndefined();
    expect(book.understand("noPhone", "мій номер 067 123 45 67")).toBeUndefined();
  });

  it("a phone number or a call-back wish is not safe mode", () => {
    expect(book.understand("safeMode", "067 123 45 67")).toBeUndefined();
    expect(book.understand("safeMode", "позвоните мне")).toBeUndefined();
  });

  it("a word after «не» does not count, and two options named equally are no answer", () => {
    expect(book.understand("summary", "не надсилайте")).toBeUndefined();
    expect(book.understand("consent", "так чи ні")).toBeUndefined();
    expect(book.understand("consent", "що це означає")).toBeUndefined();
    expect(book.understand("callbackTime", "зранку або ввечері")).toBeUndefined();
  });

  it("narrows to the options a question offers now", () => {
    expect(book.understand("callbackTime", "зранку", ["evening", "any"])).toBeUndefined();
  });

  it.each([
    ["скасувати", "cancel"],
    ["Отмена", "cancel"],
    ["стоп!", "cancel"],
    ["назад будь ласка", "back"],
    ["пропустіть", "skip"],
    ["немає", "skip"],
    ["далі", "skip"],
  ])("navigation: %j → %s", (text, option) => {
    expect(book.navigationOf(text)).toBe(option);
  });

  describe("what a son abroad and an elderly resident typed in session 12's trial", () => {
    it.each([
      ["da", "yes"],
      ["da soglasen", "yes"],
      ["tak", "yes"],
      ["net", "no"],
      ["ne soglasna", "no"],
    ])("consent in Latin letters: %j → %s", (text, option) => {
      expect(book.understand("consent", text)).toBe(option);
    });

    it.each([["da"], ["otpravlyayte"], ["vse verno"]])("summary in Latin letters: %j → send", (text) => {
      expect(book.understand("summary", text)).toBe("send");
    });

    // Session 14's trial: a son typing in Latin letters was asked «для кого?» again and again.
    it.each([
      ["dlya otca", { forOther: true, relation: "parent" }],
      ["dlya papy", { forOther: true, relation: "parent" }],
      ["dlia mamy", { forOther: true, relation: "parent" }],
      ["dlya sebya", { forOther: false }],
    ])("for whom in Latin letters: %j → %j", (text, answer) => {
      expect(book.understandForWhom(text)).toEqual(answer);
    });

    it.each([
      ["moi zayavki", "menu-my-requests"],
      ["kontakty", "menu-contacts"],
    ])("a menu word in Latin letters: %j → %s", (text, option) => {
      expect(book.wholeMessageOption("menu", text)).toBe(option);
    });

    // The review of session 14: once Latin words were read as Cyrillic, «ne dzvonite» sent the request.
    it.each([["ne dzvonite"], ["ne zvonite mne"], ["ne dzvonit meni"]])("%j is no «send» and no call-back, but no calls", (text) => {
      expect(book.understand("summary", text)).toBeUndefined();
      expect(book.understand("mode", text)).toBeUndefined();
      expect(book.understand("safeMode", text) ?? book.understand("noCalls", text)).toBeDefined();
    });

    it.each([["vecherom", "evening"], ["zvonite vecherom", "evening"], ["zranku", "morning"], ["pislya obidu", "afternoon"]])("a time in Latin letters: %j → %s", (text, option) => {
      expect(book.understand("callbackTime", text)).toBe(option);
    });

    it.each([
      ["summary", "ne tak", "edit"],
      ["summary", "ni, ne tak", "edit"],
      ["consent", "ne dobre", "no"],
      ["consent", "ni", "no"],
    ])("a «no» in Latin letters is no «yes» (review): %s %j → %s", (question, text, option) => {
      expect(book.understand(question, text)).toBe(option);
    });

    it.each([
      ["маме", { forOther: true, relation: "parent" }],
      ["для мамы", { forOther: true, relation: "parent" }],
      ["помощь нужна маме", { forOther: true, relation: "parent" }],
      // «я сын» says who writes, not who needs help: it was read as «for me», and the son's next answer became his name.
      ["я сын, помощь нужна маме", { forOther: true, relation: "parent" }],
      ["я її донька, допомога потрібна мамі", { forOther: true, relation: "parent" }],
      ["я сусідка, допомога для сусіда", { forOther: true, relation: "neighbour" }],
      ["я мама, для себе", { forOther: false }],
      ["я за маму питаю", { forOther: true, relation: "parent" }],
      ["я сама", { forOther: false }],
      ["для себе", { forOther: false }],
      // «я» with whom they care for is not «я» the one helped (review: these were asked again)
      ["я маму доглядаю", { forOther: true, relation: "parent" }],
      ["я тата прошу оформити", { forOther: true, relation: "parent" }],
      ["я бабуся, мені потрібна допомога", { forOther: false }],
    ])("for whom: %j → %o", (text, expected) => {
      expect(book.understandForWhom(text)).toEqual(expected);
    });

    it("«я сын» alone names nobody to help: the question is asked again, not answered «for me»", () => {
      expect(book.understandForWhom("я сын")).toBeUndefined();
    });
  });

  describe("what residents typed in session 9 that was misread or not read", () => {
    it.each([
      ["не проти", "yes"], // «not against» was read as «no»: consent refused
      ["я не против", "yes"],
      ["ладно", "yes"],
    ])("consent: %j → %s", (text, option) => {
      expect(book.understand("consent", text)).toBe(option);
    });

    it.each([
      ["наберіть мене", "callback"],
      ["мені важко писати", "callback"], // poor sight, shaky hands
      ["не можу писати", "callback"],
      ["тяжело писать, позвоните", "callback"],
    ])("mode: %j → %s", (text, option) => {
      expect(book.understand("mode", text)).toBe(option);
    });

    it.each([
      ["я за маму питаю", { forOther: true, relation: "parent" }], // «я» made it «for me»
      ["я питаю за сусідку", { forOther: true, relation: "neighbour" }],
      ["прошу для бабусі", { forOther: true, relation: "grandparent" }],
      ["їй 80 років", { forOther: true }],
      ["я за себе питаю", { forOther: false }],
      ["я сама", { forOther: false }],
    ])("for whom: %j → %o", (text, expected) => {
      expect(book.understandForWhom(text)).toEqual(expected);
    });

    it.each([
      ["після 14", "afternoon"],
      ["после 15", "afternoon"],
      ["після 18", "evening"],
    ])("call-back time: %j → %s", (text, option) => {
      expect(book.understand("callbackTime", text)).toBe(option);
    });

    // Without a number these mean «🔕» at the phone question (steps.ts); with one, the number is kept for SMS.
    it.each([["не треба дзвонити"], ["звонить не надо"]])("no calls: %j → noCalls (not safe mode)", (text) => {
      expect(book.understand("noCalls", text)).toBe("noCalls");
      expect(book.understand("safeMode", text)).toBeUndefined();
    });

    it.each([
      ["повернутися назад", "back"], // at a question taking text, these became the answer
      ["крок назад", "back"],
      ["скасувати звернення", "cancel"],
      ["отменить заявку", "cancel"],
      ["не знаю адреси", "skip"],
      ["нема адреси", "skip"],
      ["не пам'ятаю", "skip"],
    ])("navigation: %j → %s", (text, option) => {
      expect(book.navigationOf(text)).toBe(option);
    });
  });

  it("navigation words inside a longer message are not navigation", () => {
    expect(book.navigationOf("не можу повернутися назад додому")).toBeUndefined();
    expect(book.navigationOf("Київська 5, далі ліворуч")).toBeUndefined();
    expect(book.navigationOf("будь ласка")).toBeUndefined();
  });

  it("reads another file the same way (the data, not the code, holds the words)", () => {
    const custom = AnswerBook.fromYaml("questions:\n  consent:\n    yes: [авжеж]\n    no: [зась]\nnavigation:\n  cancel: [геть]\n  back: [взад]\n  skip: [мимо]\nfillers: [ну]\n");
    expect(custom.understand("consent", "зась")).toBe("no");
    expect(custom.understand("consent", "так")).toBeUndefined();
    expect(custom.navigationOf("ну геть")).toBe("cancel");
  });
});
