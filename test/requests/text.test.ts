import { describe, expect, it } from "vitest";
import { quote, quoteLine } from "../../src/bot/render/text.ts";
import { firstCodePoints, hasVisibleText, singleLine, withoutDisplayControls } from "../../src/requests/text.ts";

/** Names for the characters in the tables, so a failure reads as more than an empty-looking string. */
const ZWSP = "\u200B";
const ZWNJ = "\u200C";
const ZWJ = "\u200D";
const LRM = "\u200E";
const RLM = "\u200F";
const ALM = "\u061C";
const LRE = "\u202A";
const RLE = "\u202B";
const PDF = "\u202C";
const LRO = "\u202D";
const RLO = "\u202E";
const LRI = "\u2066";
const RLI = "\u2067";
const FSI = "\u2068";
const PDI = "\u2069";
const WJ = "\u2060";
const BOM = "\uFEFF";
const SHY = "\u00AD";
const HANGUL_FILLER = "\u3164";
const BRAILLE_BLANK = "\u2800";
const IDEOGRAPHIC_SPACE = "\u3000";
/** 🏴 + "gbwls" in tag characters + the cancel tag: the flag of Wales. */
const WALES = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0077}\u{E006C}\u{E0073}\u{E007F}";
/** "hi" written in tag characters: invisible, and readable by a program. */
const HIDDEN_HI = "\u{E0068}\u{E0069}";

describe("hasVisibleText: an answer with nothing to see is no answer", () => {
  it.each([
    ["zero-width space", ZWSP],
    ["zero-width non-joiner and joiner", `${ZWNJ}${ZWJ}`],
    ["word joiner", WJ],
    ["byte order mark", BOM],
    ["soft hyphen", SHY],
    ["Hangul filler U+3164", HANGUL_FILLER],
    ["Hangul choseong filler U+115F", "\u115F"],
    ["Hangul jungseong filler U+1160", "\u1160"],
    ["halfwidth Hangul filler U+FFA0", "\uFFA0"],
    ["braille blank", BRAILLE_BLANK.repeat(3)],
    ["ideographic space", IDEOGRAPHIC_SPACE],
    ["no-break and thin spaces", "\u00A0\u2009\u202F"],
    ["line and paragraph separators", "\u2028\u2029"],
    ["combining marks alone", "\u0301\u0308\u0336"],
    ["bidi controls alone", `${RLO}${LRO}${PDF}${RLI}${PDI}${LRM}${RLM}${ALM}`],
    ["variation selector alone", "\uFE0F"],
    ["tag characters alone", HIDDEN_HI],
    ["a replacement character (a NUL made storable)", "\uFFFD"],
    ["everything at once", ` ${ZWSP}${HANGUL_FILLER}\u0301${BRAILLE_BLANK}${IDEOGRAPHIC_SPACE}${RLO}\n\t`],
    ["empty", ""],
  ])("%s: nothing visible", (_label, text) => {
    expect(hasVisibleText(text)).toBe(false);
  });

  it.each([
    ["a Ukrainian name", "Оля"],
    ["with the Ukrainian apostrophe ʼ", "Мʼятенко"],
    ["with a typewriter apostrophe", "Пʼєр д'Артаньян"],
    ["with a hyphen", "Ганна-Марія"],
    ["one letter after invisible ones", `${ZWSP}${HANGUL_FILLER}я`],
    ["a letter with a combining accent", "е\u0301"],
    ["an emoji", "👍"],
    ["an emoji family (ZWJ sequence)", "👨‍👩‍👧"],
    ["a flag", "🇺🇦"],
    ["an Arabic name", "محمد"],
    ["a Hebrew name", "שרה"],
    ["digits", "5"],
    ["punctuation", "?"],
  ])("%s: visible", (_label, text) => {
    expect(hasVisibleText(text)).toBe(true);
  });

  it("undefined and null are not text", () => {
    expect(hasVisibleText(undefined)).toBe(false);
    expect(hasVisibleText(null)).toBe(false);
  });
});

describe("withoutDisplayControls: what is shown, in the order it was typed", () => {
  it.each([
    // The spoof from the review: the digits after RLO are shown reversed, as if another number.
    ["right-to-left override before digits", `Оля${RLO}76 543 21`, "Оля76 543 21"],
    ["left-to-right override", `${LRO}Петро${PDF}`, "Петро"],
    ["embeddings", `${RLE}а${PDF}${LRE}б${PDF}`, "аб"],
    ["isolates", `${RLI}вул.${PDI} ${FSI}Київська${PDI} ${LRI}5${PDI}`, "вул. Київська 5"],
    ["marks", `${LRM}Ганна${RLM}${ALM}`, "Ганна"],
    ["deprecated shaping controls", "\u206Aтекст\u206F", "текст"],
    ["interlinear annotation hides text", "видно\uFFF9сховано\uFFFAпримітка\uFFFB", "видносхованопримітка"],
    ["zero-width space, word joiner, BOM, soft hyphen", `Ган${ZWSP}на ${WJ}Пе${SHY}тро${BOM}`, "Ганна Петро"],
    ["hidden text in tag characters", `привіт${HIDDEN_HI}`, "привіт"],
    ["terminal escapes and bell", "\u001b[31mчервоний\u0007", "[31mчервоний"],
    ["other line breaks become \\n", "а\r\nб\rв\u2028г\u2029д\u0085е", "а\nб\nв\nг\nд\nе"],
  ])("%s: dropped", (_label, typed, shown) => {
    expect(withoutDisplayControls(typed)).toBe(shown);
  });

  it.each([
    ["a Ukrainian name with ʼ, ' and a hyphen", "Ганна-Марія Мʼятенко-Д'яченко"],
    ["an emoji family (ZWJ sequences)", "👨‍👩‍👧 👩‍❤️‍💋‍👨 🧑🏽‍🦯"],
    ["keycaps, flags, variation selectors", "1️⃣ 🇺🇦 ❤️ ☎️"],
    ["the flag of Wales (an emoji tag sequence)", WALES],
    ["an Arabic name", "محمد عبد الله"],
    ["a Hebrew name", "שרה לוי"],
    ["Persian with a zero-width non-joiner", `می${ZWNJ}خواهم`],
    ["Devanagari with a zero-width joiner", `क्${ZWJ}ष`],
    ["combining accents", "Ко\u0301ля"],
    ["tabs and line breaks", "рядок 1\n\tрядок 2"],
    ["HTML-looking text (escaped later, not here)", "<b>&amp;</b>"],
  ])("%s: kept as typed", (_label, text) => {
    expect(withoutDisplayControls(text)).toBe(text);
  });

  it("a tag sequence without its emoji is dropped, the emoji next to it kept", () => {
    expect(withoutDisplayControls(`🏴${HIDDEN_HI}`)).toBe("🏴");
    expect(withoutDisplayControls(`${WALES}${HIDDEN_HI}`)).toBe(WALES);
  });
});

describe("singleLine", () => {
  it.each([
    ["Оля\nТелефон: +380 67 000 00 00", "Оля Телефон: +380 67 000 00 00"],
    ["вул. Київська 5 \r\n кв. 12", "вул. Київська 5 кв. 12"],
    ["а\n\n\nб", "а б"],
    ["а\u2028б\u2029в\u0085г\tґ", "а б в г ґ"],
    ["Ганна-Марія", "Ганна-Марія"],
  ])("%j → %j", (typed, shown) => {
    expect(singleLine(typed)).toBe(shown);
  });
});

describe("quote and quoteLine: cleaned, then shortened, then escaped", () => {
  it("drops the controls before escaping and before counting the limit", () => {
    expect(quote(`${RLO}<Оля>${PDF}`, 100)).toBe("&lt;Оля&gt;");
    expect(quote(`${RLO.repeat(50)}Оля`, 3)).toBe("Оля");
  });

  it("a one-line field keeps no line break", () => {
    expect(quoteLine(`Оля${RLO}\nТелефон: 1`, 100)).toBe("Оля Телефон: 1");
  });
});

describe("firstCodePoints", () => {
  it("never cuts an emoji in half, so the result is valid in a JSON column", () => {
    const text = `${"a".repeat(9)}😀tail`;
    expect(text.slice(0, 10)).not.toBe(firstCodePoints(text, 10)); // a UTF-16 cut leaves half a surrogate pair
    expect(firstCodePoints(text, 10)).toBe(`${"a".repeat(9)}😀`);
    expect(firstCodePoints("short", 10)).toBe("short");
  });
});
