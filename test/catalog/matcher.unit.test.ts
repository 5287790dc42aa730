import { describe, expect, it } from "vitest";
import {
  buildMatcher,
  cleanText,
  collapseRepeats,
  cyrillicToLatinLayout,
  fixMixedScript,
  fold,
  isStopWord,
  latinToCyrillicLayout,
  normalizeText,
  stem,
  transliterate,
  type SearchableService,
} from "../../src/catalog/matcher/index.js";
import { boundedDamerau, FuzzyIndex } from "../../src/catalog/matcher/fuzzy.js";

describe("normalizeText", () => {
  it("lower-cases, strips punctuation and emoji, keeps words", () => {
    expect(normalizeText("  ПСИХОЛОГ!!! 🙏 Допоможіть, будь ласка…")).toBe("психолог допоможіть будь ласка");
  });

  it("unifies every apostrophe and drops it inside words", () => {
    for (const a of ["'", "ʼ", "’", "`", "‘"]) expect(normalizeText(`сім${a}я б${a}є`)).toBe("сімя бє");
    expect(cleanText("сімʼя")).toBe("сім'я");
  });

  it("removes zero-width characters, soft hyphens and stress accents", () => {
    expect(normalizeText("до\u200Bпо\u00ADмо\u200Dга")).toBe("допомога");
    expect(normalizeText("допомо́га")).toBe("допомога");
  });

  it("turns Latin look-alikes inside a Cyrillic word into Cyrillic, and the reverse", () => {
    expect(fixMixedScript("сoцiальне")).toBe("соціальне");
    expect(normalizeText("сoцiальне таксi")).toBe("соціальне таксі");
    expect(fixMixedScript("sосial")).toBe("social");
    expect(fixMixedScript("таксі")).toBe("таксі");
  });

  it("collapses letters repeated three times or more, keeps doubles", () => {
    expect(collapseRepeats("допомоооога")).toBe("допомога");
    expect(normalizeText("навчання")).toBe("навчання");
  });

  it("answers a text asked again (it remembers the last few) as it did the first time", () => {
    const texts = ["Соціальне ТАКСІ!", "сім'я", "ghjlernjdbq", "  Допомооога  ", "сoцiальне", "wheelchair", "сім'я"];
    const first = texts.map((text) => normalizeText(text));
    expect(first).toEqual(["соціальне таксі", "сімя", "ghjlernjdbq", "допомога", "соціальне", "wheelchair", "сімя"]);
    for (let round = 0; round < 3; round++) {
      expect(texts.map((text) => normalizeText(text))).toEqual(first);
      expect([...texts].reverse().map((text) => normalizeText(text))).toEqual([...first].reverse());
    }
  });
});

describe("fold", () => {
  it("lets Ukrainian and Russian spellings meet", () => {
    expect(fold("соціальне")).toBe(fold("социальне"));
    expect(fold("інвалідності")).toBe(fold("инвалидности"));
    expect(fold("ї")).toBe(fold("і"));
    expect(fold("ґанок")).toBe(fold("ганок"));
    expect(fold("єдиний")).toBe(fold("эдиный"));
    expect(fold("ёлка")).toBe(fold("елка"));
    expect(fold("подъезд")).toBe(fold("подезд"));
  });

  it("collapses double letters", () => {
    expect(fold("группа")).toBe(fold("група"));
    expect(fold("ассистент")).toBe(fold("асистент"));
  });
});

describe("stem", () => {
  const same = (a: string, b: string) => expect(stem(a), `${a} / ${b}`).toBe(stem(b));

  it("brings word forms together", () => {
    same("інвалідністю", "інвалідність");
    same("інвалідності", "инвалидности");
    same("инвалидность", "інвалідність");
    same("сиделки", "сиделка");
    same("бабусі", "бабуся");
    same("літніх", "літній");
    same("літня", "літніми");
    same("соціальний", "социальный");
    same("соціальної", "социальной");
    same("переселенцям", "переселенців");
    same("переселенцы", "переселенці");
    same("субсидію", "субсидія");
    same("психологом", "психолога");
    same("будинок", "будинку");
    same("лавочка", "лавка");
    same("садочок", "садок");
    same("навчання", "навчати");
  });

  it("gives the expected stems", () => {
    expect(stem("інвалідністю")).toBe("инвалидн");
    expect(stem("бабусі")).toBe("бабус");
    expect(stem("літніх")).toBe("литн");
    expect(stem("сиделки")).toBe("сиделк");
  });

  it("is conservative: short words stay whole, nouns in -т keep it", () => {
    expect(stem("дім")).toBe(fold("дім"));
    expect(stem("ВПО")).toBe("впо");
    same("документи", "документ");
    same("кошти", "коштів");
    expect(stem("діти").length).toBeGreaterThanOrEqual(3);
  });

  it("brings English word forms together (Porter's steps 1 and 5a)", () => {
    same("services", "service");
    same("diapers", "diaper");
    same("lawyers", "lawyer");
    same("housing", "house");
    same("nursing", "nurse");
    same("families", "family");
    same("clothes", "clothing");
    same("caring", "care");
    same("living", "live");
    same("disabled", "disable");
    expect(stem("taxi")).toBe("taxi");
    expect(stem("care")).toBe("care");
    expect(stem("crisis")).toBe("crisis");
    expect(stem("status")).toBe("status");
    expect(stem("shoes")).toBe("shoe");
    // "care" and "car" stay apart.
    expect(stem("care")).not.toBe(stem("car"));
  });
});

describe("transliterate", () => {
  const readings = (latin: string) => transliterate(latin).map(fold);

  it("covers the national and informal systems", () => {
    expect(readings("socialne")).toContain(fold("соціальне"));
    expect(readings("sotsialne")).toContain(fold("соціальне"));
    expect(readings("psiholog")).toContain(fold("психолог"));
    expect(readings("psykholoh")).toContain(fold("психолог"));
    expect(readings("pensiya")).toContain(fold("пенсія"));
    expect(readings("viiskovyi")).toContain(fold("військовий"));
    expect(readings("viyskovyi")).toContain(fold("військовий"));
    expect(readings("invalidnyi")).toContain(fold("інвалідний"));
    expect(readings("zhytomyr")).toContain(fold("житомир"));
    expect(readings("shchastya")).toContain(fold("щастя"));
    expect(readings("yizha")).toContain(fold("їжа"));
    expect(readings("avto")).toContain(fold("авто"));
    expect(readings("taksi")).toContain(fold("таксі"));
    expect(readings("dopomoha")).toContain(fold("допомога"));
    expect(readings("simya")).toContain(fold("сімя"));
  });

  it("gives the standard reading first and stays bounded", () => {
    expect(transliterate("zhytlo")[0]).toBe("житло");
    expect(transliterate("chchchchchchchchhhhhhhhhccccccc").length).toBeLessThanOrEqual(16);
  });
});

describe("keyboard layout", () => {
  it("reads Latin typed on the English layout as Ukrainian / Russian", () => {
    expect(latinToCyrillicLayout("ghfwtdkfinedfyyz")[0]).toBe("працевлаштування");
    expect(latinToCyrillicLayout("j,kfcnm")[0]).toBe("область");
    expect(latinToCyrillicLayout("ce,cblsz")[0]).toBe("субсидія");
    expect(latinToCyrillicLayout("gcb[jkju")[0]).toBe("психолог");
    expect(latinToCyrillicLayout("ukf")).toContain("гла");
    expect(latinToCyrillicLayout("vs")).toEqual(["мі", "мы"]);
  });

  it("reads Cyrillic typed on a Cyrillic layout as Latin", () => {
    expect(cyrillicToLatinLayout("руддщ")).toBe("hello");
    expect(cyrillicToLatinLayout("ыщсшфд ефчш")).toBe("social taxi");
  });
});

describe("fuzzy helpers", () => {
  it("bounded Damerau–Levenshtein", () => {
    expect(boundedDamerau("психолог", "психолог", 2)).toBe(0);
    expect(boundedDamerau("психолог", "псиохлог", 2)).toBe(1);
    expect(boundedDamerau("психолог", "психлг", 2)).toBe(2);
    expect(boundedDamerau("психолог", "хоспис", 2)).toBe(3);
  });

  it("fuzzy index finds near words only", () => {
    const index = new FuzzyIndex(["психолог", "субсид", "хоспис", "пандус", "реабилитац"]);
    expect(index.search("псхолог").map((h) => h.id)).toEqual([0]); // deletion
    expect(index.search("пандсу").map((h) => h.id)).toEqual([3]); // transposition
    expect(index.search("хосппис").map((h) => h.id)).toEqual([2]); // insertion
    expect(index.search("субсит").map((h) => h.id)).toEqual([1]); // substitution
    expect(index.search("реабилитацйя").map((h) => h.id)).toEqual([4]); // two insertions in a long word
    expect(index.search("футбол")).toEqual([]);
    expect(index.search("хосп")).toEqual([]);
  });
});

describe("stop words", () => {
  it("covers Ukrainian, Russian and politeness", () => {
    for (const w of ["для", "на", "мені", "потрібно", "допоможіть", "как", "где", "пожалуйста", "будь"]) expect(isStopWord(w), w).toBe(true);
    for (const w of ["допомога", "психолог", "таксі"]) expect(isStopWord(w), w).toBe(false);
  });

  it("covers English function words and politeness, not words that name a need", () => {
    for (const w of ["the", "where", "can", "get", "someone", "please", "hello", "thanks", "im", "dont"]) expect(isStopWord(w), w).toBe(true);
    for (const w of ["help", "home", "care", "son", "old", "lawyer", "wheelchair"]) expect(isStopWord(w), w).toBe(false);
  });
});

const FIXTURE: SearchableService[] = [
  {
    id: "social-taxi",
    name: { uk: "Соціальне таксі", en: "Social taxi" },
    summary: { uk: "Перевезення людей з інвалідністю на візку." },
    synonyms: ["соціальне авто", "соцтаксі", "машина з підйомником", "такси для инвалидов"],
  },
  {
    id: "psychological-support",
    name: { uk: "Психологічна допомога", en: "Psychological help" },
    summary: { uk: "Безоплатна розмова з психологом для дорослих і дітей." },
    synonyms: ["психолог", "панічні атаки", "депресія", "психологическая помощь"],
  },
  {
    id: "housing-subsidy",
    name: { uk: "Житлова субсидія", en: "Housing subsidy" },
    summary: { uk: "Допомога з оплатою комунальних послуг." },
    synonyms: ["субсидія", "комуналка", "квартплата", "коммуналка"],
  },
  {
    id: "shelter",
    name: { uk: "Надання притулку", en: "Shelter" },
    summary: { uk: "Тимчасовий нічліг для людей, яким нема де жити." },
    synonyms: ["нічліг", "притулок для бездомних", "немає де ночувати", "бездомний"],
  },
  {
    id: "employment",
    name: { uk: "Працевлаштування", en: "Employment" },
    summary: { uk: "Пошук роботи і перенавчання в центрі зайнятості." },
    description: { uk: "Центр зайнятості допомагає знайти роботу, пройти курси перенавчання." },
    synonyms: ["робота", "вакансії", "курси перенавчання", "біржа праці"],
  },
];

describe("buildMatcher on a small catalogue", () => {
  const matcher = buildMatcher(FIXTURE);
  const top = (q: string) => matcher.search(q)[0]?.serviceId;

  it("finds services by name, synonym, word form and Russian", () => {
    expect(top("соціальне таксі")).toBe("social-taxi");
    expect(top("психологом")).toBe("psychological-support");
    expect(top("субсидию")).toBe("housing-subsidy");
    expect(top("ночувати немає де")).toBe("shelter");
    expect(top("такси для инвалида")).toBe("social-taxi");
  });

  it("tolerates typos, transliteration and the wrong keyboard layout", () => {
    expect(top("психолгг")).toBe("psychological-support");
    expect(top("субсидя")).toBe("housing-subsidy");
    expect(top("sotsialne taksi")).toBe("social-taxi");
    expect(top("psiholog")).toBe("psychological-support");
    expect(top("ce,cblsz")).toBe("housing-subsidy");
    expect(top("ghfwtdkfinedfyyz")).toBe("employment");
    expect(top("сoцiальне таксi")).toBe("social-taxi");
    expect(top("ыщсшфд ефчш")).toBe("social-taxi");
  });

  it("returns [] when nothing fits", () => {
    for (const q of ["", "   ", "для мені потрібно допоможіть", "как где", "погода", "hello", "купити квартиру", "qwrtpsdfg", "j,kfcnm", "🙏🙏"]) {
      expect(matcher.search(q), q).toEqual([]);
    }
  });

  it("scores in 0..1, best first, respects the limit", () => {
    const results = matcher.search("допомога", 10);
    for (const r of results) expect(r.score).toBeGreaterThanOrEqual(0), expect(r.score).toBeLessThanOrEqual(1);
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.score).toBeGreaterThanOrEqual(results[i]!.score);
    expect(matcher.search("соціальне таксі психолог субсидія", 2).length).toBeLessThanOrEqual(2);
    expect(matcher.search("психолог", 0)).toEqual([]);
  });

  it("does not let stop words create matches", () => {
    const stopOnly = buildMatcher([
      ...FIXTURE,
      { id: "information", name: { uk: "Інформування" }, summary: { uk: "Де і як отримати допомогу." }, synonyms: ["куди звернутися", "для мене"] },
    ]);
    expect(stopOnly.search("для мене")).toEqual([]);
    expect(stopOnly.search("де як")).toEqual([]);
  });

  it("matches a synonym made only of stop words when the query contains all of it", () => {
    const withInfo = buildMatcher([
      ...FIXTURE,
      { id: "information", name: { uk: "Інформування" }, summary: { uk: "Розповімо, яка допомога є." }, synonyms: ["куди звернутися"] },
    ]);
    expect(withInfo.search("куди звернутись")[0]?.serviceId).toBe("information");
    expect(withInfo.search("куди")).toEqual([]);
    expect(withInfo.search("куди звернутися з субсидією")[0]?.serviceId).toBe("housing-subsidy");
  });

  it("shows both needs of a two-need message, the main one first", () => {
    const ids = (q: string) => matcher.search(q, 3).map((r) => r.serviceId);
    const story = "Добрий день, мені 70 років, живу на Лесі Українки. Дуже потрібен психолог після всього, що було, і ще хотіла б оформити субсидію";
    expect(ids(story)).toContain("psychological-support");
    expect(ids(story)).toContain("housing-subsidy");
    expect(ids("шукаю роботу, а ще нема де ночувати")).toEqual(expect.arrayContaining(["employment", "shelter"]));
    expect(ids("психолог, психолог для дитини і ще субсидія")[0]).toBe("psychological-support");
  });

  it("a long polite story is not diluted under the cut-off by words that carry no need", () => {
    const story =
      "Добрий день, вибачте що турбую, мене звати Галина Петрівна, мені 81 рік, живу на Київській 12, " +
      "дуже переживаю і не знаю до кого звернутися, бо нам зовсім нема де ночувати вже другий тиждень";
    expect(matcher.search(story)[0]?.serviceId).toBe("shelter");
  });

  it("word forms of other words do not mean work: «робить», «на роботі»", () => {
    const ids = (q: string) => matcher.search(q, 3).map((r) => r.serviceId);
    expect(ids("бабуся вже нічого сама не робить")).not.toContain("employment");
    expect(ids("я на роботі з ранку до ночі, а мамі дуже потрібен психолог")).toEqual(["psychological-support"]);
    expect(ids("шукаю роботу")[0]).toBe("employment");
  });

  it("explains its choice", () => {
    const ex = matcher.explain("gcb[jkju");
    expect(ex.reading).toEqual(["психолог"]);
    expect(ex.candidates[0]?.serviceId).toBe("psychological-support");
  });
});
