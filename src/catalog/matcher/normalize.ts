/**
 * Text normalisation for matching.
 *
 * Two levels:
 * - `normalizeText` gives a clean, lower-case, punctuation-free text (words separated by single spaces).
 *   It keeps the language's letters, so it is still readable Ukrainian / Russian / Latin.
 * - `fold` maps one word to its *matching key*: Ukrainian and Russian spellings of the same word meet
 *   (і/ї/и/ы → и, е/є/э/ё → е, ґ → г, soft and hard signs dropped, double letters collapsed).
 *   Folded words are not meant to be shown to anyone.
 */

/** Zero-width characters, soft hyphen, BOM, word joiners, bidi marks. */
const INVISIBLE_RE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;
/** Combining marks left after NFC (stress accents "а́" and the like). й and ї are precomposed by NFC. */
const COMBINING_RE = /\p{M}/gu;
/** Every apostrophe-like character residents type inside Ukrainian words (сім'я, б'є, під'їзд). */
const APOSTROPHES_RE = /[\u0027\u0060\u00B4\u02B9\u02BB\u02BC\u02BD\u02C8\u2018\u2019\u201B\u2032\uFF07]/g;

/** The one apostrophe form that `cleanText` leaves (a plain ASCII quote). */
export const APOSTROPHE = "'";

const CYRILLIC_RE = /[\u0400-\u04FF]/;
const LATIN_RE = /[a-zA-Z\u00C0-\u024F]/;

/** Latin letters that look like Cyrillic ones (used when a word is mostly Cyrillic). */
const LATIN_TO_CYRILLIC_LOOKALIKE: Readonly<Record<string, string>> = {
  a: "а", c: "с", e: "е", i: "і", o: "о", p: "р", x: "х", y: "у", k: "к", m: "м", t: "т", h: "н", b: "в",
  A: "А", B: "В", C: "С", E: "Е", H: "Н", I: "І", K: "К", M: "М", O: "О", P: "Р", T: "Т", X: "Х", Y: "У",
  "\u00EF": "ї", "\u00CF": "Ї", "\u00EB": "ё", "\u00CB": "Ё",
};
/** Cyrillic letters that look like Latin ones (used when a word is mostly Latin). */
const CYRILLIC_TO_LATIN_LOOKALIKE: Readonly<Record<string, string>> = {
  а: "a", с: "c", е: "e", і: "i", о: "o", р: "p", х: "x", у: "y", к: "k", м: "m", т: "t", н: "h", в: "b",
  А: "A", В: "B", С: "C", Е: "E", Н: "H", І: "I", К: "K", М: "M", О: "O", Р: "P", Т: "T", Х: "X", У: "Y",
};

/**
 * First step for any text: Unicode NFC, invisible characters and combining accents removed, every
 * apostrophe-like character turned into one ASCII `'`. Case and punctuation are kept (the keyboard
 * layout detector needs them: `,` `;` `'` `[` `]` `.` are letters on a Cyrillic layout).
 */
export function cleanText(raw: string): string {
  return raw.normalize("NFC").replace(INVISIBLE_RE, "").replace(COMBINING_RE, "").replace(APOSTROPHES_RE, APOSTROPHE);
}

/**
 * A word that mixes scripts ("сoцiальне" with Latin o and i) is turned into its majority script,
 * replacing only the look-alike letters. Pure words are returned unchanged.
 */
export function fixMixedScript(word: string): string {
  let cyr = 0;
  let lat = 0;
  for (const ch of word) {
    if (CYRILLIC_RE.test(ch)) cyr++;
    else if (LATIN_RE.test(ch)) lat++;
  }
  if (cyr === 0 || lat === 0) return word;
  const table = cyr >= lat ? LATIN_TO_CYRILLIC_LOOKALIKE : CYRILLIC_TO_LATIN_LOOKALIKE;
  let out = "";
  for (const ch of word) out += table[ch] ?? ch;
  return out;
}

const REPEAT_RE = /(\p{L})\1\1/u;

/** Letters repeated three or more times are written once ("допомоооога" → "допомога"). */
export function collapseRepeats(text: string): string {
  return text.replace(/(\p{L})\1{2,}/gu, "$1");
}

/**
 * Clean, lower-case, punctuation-free text: words of letters and digits separated by single spaces.
 * Apostrophes inside words are dropped (сім'я → сімя), every other non-letter becomes a space.
 */
export function normalizeText(raw: string): string {
  // Every text message is normalised by danger detection, then by small talk (then by the search, per
  // chunk): the same text, one after the other. The last few answers are kept (a pure function).
  for (let i = 0; i < RECENT; i++) if (recentRaw[i] === raw) return recentText[i]!;
  const text = normalizedOf(raw);
  recentRaw[nextRecent] = raw;
  recentText[nextRecent] = text;
  nextRecent = (nextRecent + 1) % RECENT;
  return text;
}

/**
 * How many recent texts `normalizeText` remembers: a message is read by the typed menu, danger detection,
 * small talk and the search, and other chats' updates run between them at every await (32 chats at a
 * time in bench/updates.ts): with 4, a message's own reading was often gone by the time the next needed it.
 */
const RECENT = 32;
const recentRaw: Array<string | undefined> = new Array<string | undefined>(RECENT).fill(undefined);
const recentText: Array<string | undefined> = new Array<string | undefined>(RECENT).fill(undefined);
let nextRecent = 0;

function normalizedOf(raw: string): string {
  let text = cleanText(raw);
  if (LATIN_RE.test(text) && CYRILLIC_RE.test(text)) text = text.split(/(\s+)/).map(fixMixedScript).join("");
  text = text.toLowerCase().replace(/'/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  return REPEAT_RE.test(text) ? collapseRepeats(text) : text;
}

/** Normalised words of a text (see `normalizeText`). */
export function words(raw: string): string[] {
  const text = normalizeText(raw);
  return text ? text.split(" ") : [];
}

/** Letters `fold` changes, or a doubled letter: without either, a word is its own folded form. */
const FOLD_NEEDED_RE = /[іїыєэёґъь']|(.)\1/u;

const FOLD_MAP: Readonly<Record<string, string>> = {
  і: "и", ї: "и", ы: "и",
  е: "е", є: "е", э: "е", ё: "е",
  ґ: "г",
  ъ: "", ь: "", "'": "",
};

/**
 * The matching key of one lower-case word: Ukrainian and Russian letters folded so both spellings meet
 * (соціальне / социальное → социалне / социалное; інвалідності / инвалидности → инвалидности), double
 * letters collapsed (группа → група, ассистент → асистент). Latin words only get their doubles collapsed.
 */
export function fold(word: string): string {
  if (!FOLD_NEEDED_RE.test(word)) return word;
  let out = "";
  let prev = "";
  for (const ch of word) {
    const mapped = FOLD_MAP[ch] ?? ch;
    if (mapped === "" || mapped === prev) continue;
    out += mapped;
    prev = mapped;
  }
  return out;
}

/** True when the word is written in Cyrillic letters (at least one, and no Latin ones). */
export function isCyrillicWord(word: string): boolean {
  return CYRILLIC_RE.test(word) && !/[a-z]/i.test(word);
}

/** True when the word has Latin letters and no Cyrillic ones. */
export function isLatinWord(word: string): boolean {
  return /[a-z]/i.test(word) && !CYRILLIC_RE.test(word);
}
