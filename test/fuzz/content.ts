import type { Random } from "./random.ts";

/**
 * Hostile and ordinary things people type, for the fuzz suites: Unicode that breaks naive code (RTL
 * marks, zero-width characters, combining marks, emoji sequences), markup meant to break HTML or
 * Markdown, SQL and template injection, control characters, and texts far over Telegram's limits.
 */

const RTL_AND_INVISIBLE = ["\u200F", "\u200E", "\u202E", "\u202D", "\u2066", "\u2069", "\u200B", "\u200C", "\u200D", "\uFEFF", "\u2060", "\u00AD", "\u034F"];
const COMBINING = ["\u0301", "\u0336", "\u0489", "\u20DD", "\u0308", "\u0327"];
const EMOJI = ["😀", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇺🇦", "👍🏿", "🧑🏽‍🦯", "❤️", "🤷‍♀️", "☎️", "✉️", "🔎", "📋", "🌐", "🆘", "𝕳𝖊𝖑𝖑𝖔", "𠜎𠜱", "🫶🏼"];
const MARKUP = [
  "<b>жирний</b>",
  '<a href="tg://user?id=1">клік</a>',
  '<a href="javascript:alert(1)">x</a>',
  "</code>",
  "<code>",
  "</b></i></a>",
  "<i>незакрито",
  "&amp;",
  "&",
  "&lt;",
  "&#0;",
  "&#x110000;",
  "&nbsp;",
  "<",
  ">",
  "<<>>",
  "<script>alert(1)</script>",
  "<tg-spoiler>",
  "<blockquote expandable>",
  '<span class="tg-spoiler">',
  "*bold* _it_ `code` [x](http://e.com)",
  "```\ncode\n```",
  "||spoiler||",
  "\\",
  '"\'',
];
const INJECTION = [
  "'; DROP TABLE help_request; --",
  '" OR 1=1 --',
  "1; SELECT pg_sleep(10)",
  "Robert'); DELETE FROM resident;--",
  "%s%s%n%x",
  "${process.exit()}",
  "{{7*7}}",
  "{ $name }",
  "{ -brand }",
  "$1 $& $`",
  "__proto__",
  "constructor",
  "toString",
  "../../etc/passwd",
  "NaN",
  "-0",
  "1e309",
  "null",
  "undefined",
];
const CONTROL = ["\u0000", "\u0007", "\u001b[31mred\u001b[0m", "\r\n", "\t", "\n\n\n", "\u2028", "\u2029", "\uFFFD", "\uFFFF"];
const WORDS = [
  "соціальне таксі",
  "слуховий апарат",
  "допомога",
  "пенсія",
  "субсидія",
  "ВПО",
  "інвалідність",
  "інвалідний візок",
  "social taxi",
  "wheelchair",
  "food",
  "привіт",
  "дякую",
  "мене б'є чоловік",
  "ніде ночувати сьогодні",
  "не хочу жити",
  "Житомир",
  "Вінниця",
  "так",
  "ні",
  "0671234567",
  "+380 50 765 43 21",
  "123",
];

/** A short piece of one kind. */
function fragment(random: Random): string {
  switch (random.int(0, 7)) {
    case 0:
      return random.pick(RTL_AND_INVISIBLE);
    case 1:
      return `${random.pick(WORDS)}${random.pick(COMBINING).repeat(random.int(1, 40))}`;
    case 2:
      return random.pick(EMOJI);
    case 3:
      return random.pick(MARKUP);
    case 4:
      return random.pick(INJECTION);
    case 5:
      return random.pick(CONTROL);
    case 6:
      return randomCodePoints(random, random.int(1, 12));
    default:
      return random.pick(WORDS);
  }
}

/** Random code points from all planes (never a lone surrogate: Telegram sends valid UTF-8 only). */
export function randomCodePoints(random: Random, count: number): string {
  let text = "";
  for (let i = 0; i < count; i += 1) {
    const plane = random.weighted([
      [5, () => random.int(0x20, 0x7e)],
      [5, () => random.int(0x400, 0x4ff)],
      [2, () => random.int(0x590, 0x6ff)],
      [2, () => random.int(0x300, 0x36f)],
      [2, () => random.int(0x2000, 0x2bff)],
      [1, () => random.int(0xe000, 0xf8ff)],
      [2, () => random.int(0x1f300, 0x1faff)],
      [1, () => random.int(0x20000, 0x2a6df)],
    ] as const);
    text += String.fromCodePoint(plane());
  }
  return text;
}

/** A hostile text: a mix of fragments, sometimes far over Telegram's 4096 characters. */
export function hostileText(random: Random): string {
  const parts: string[] = [];
  for (let i = random.int(1, 6); i > 0; i -= 1) parts.push(fragment(random));
  let text = parts.join(random.pick([" ", "", "\n", "  "]));
  if (random.chance(0.08)) {
    const target = random.pick([4097, 5000, 10_000, 40_000]);
    while (text.length < target) text += ` ${fragment(random)}`;
  }
  return text;
}

/** A phone number a resident might type: valid, badly formatted, or nonsense. */
export function phoneLike(random: Random): string {
  return random.pick([
    "0671234567",
    "067 123 45 67",
    "+38 (050) 765-43-21",
    "380931112233",
    "0412 48 12 12",
    "+380991234567",
    "123",
    "+1 202 555 0100",
    "0000000000",
    "067١٢٣٤٥٦٧",
    "０６７１２３４５６７",
    "067 123 45 67 ext. 5",
    "+380 67 123 45 67\u200B",
    "99999999999999999999",
  ]);
}

/** The first `max` UTF-16 units without splitting a surrogate pair: Telegram only ever sends valid UTF-8. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, /[\uD800-\uDBFF]/.test(text[max - 1] ?? "") ? max - 1 : max);
}

/** A long text full of emoji and markup, to land a cut in the middle of one. */
export function longEmojiText(random: Random, length: number): string {
  let text = "";
  while (text.length < length) text += random.pick(["😀", "👨‍👩‍👧‍👦", "&", "<b>", " слово ", "🇺🇦", "𠜎", "\"&quot;\""]);
  return cut(text, length);
}

/** Recognisable personal data: the privacy checks look for these in the logs. */
export const CANARY = {
  names: ["Канарка Іванівна", "Canary Smith", "Петро Канарчук"],
  addresses: ["вул. Канаркова, 7", "Canary Lane 5, apt. 2"],
  details: ["Канарці потрібна допомога з ліками", "canary needs a wheelchair"],
  /** Digits of the phones the fuzz types; never in a log line. */
  phoneDigits: ["671234567", "765432", "931112233"],
};

export function plausibleName(random: Random): string {
  return random.chance(0.8) ? random.pick(CANARY.names) : cut(hostileText(random), random.int(1, 120));
}

export function plausibleAddress(random: Random): string {
  return random.chance(0.8) ? random.pick(CANARY.addresses) : hostileText(random);
}

export function plausibleDetails(random: Random): string {
  return random.chance(0.7) ? `${random.pick(CANARY.details)} ${random.pick(["", "<b>терміново</b>", "& швидко", "😀"])}` : hostileText(random);
}
