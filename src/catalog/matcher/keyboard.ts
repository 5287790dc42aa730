/**
 * Wrong keyboard layout: text typed with the English layout on while the resident meant Ukrainian or
 * Russian ("ghfwtdkfi" → "працевлаш…", "j,kfcnm" → "область"), and the reverse ("ыщсшфд" → "social").
 *
 * This module only converts; whether a reading is the right one is decided by the matcher, by which
 * reading yields words its index knows (see `chooseReading` in query.ts).
 */

/** Physical keys of the US layout, unshifted and shifted. */
const EN_KEYS = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./" + '~QWERTYUIOP{}ASDFGHJKL:"ZXCVBNM<>?';
/** The same keys on the Ukrainian layout (ЙЦУКЕН with і, ї, є, ʼ). */
const UK_KEYS = "'йцукенгшщзхїфівапролджєячсмитьбю." + "'ЙЦУКЕНГШЩЗХЇФІВАПРОЛДЖЄЯЧСМИТЬБЮ,";
/** The same keys on the Russian layout. */
const RU_KEYS = "ёйцукенгшщзхъфывапролджэячсмитьбю." + "ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,";

function table(from: string, to: string): Map<string, string> {
  const map = new Map<string, string>();
  const a = [...from];
  const b = [...to];
  for (let i = 0; i < a.length; i++) if (!map.has(a[i]!)) map.set(a[i]!, b[i]!);
  return map;
}

const EN_TO_UK = table(EN_KEYS, UK_KEYS);
const EN_TO_RU = table(EN_KEYS, RU_KEYS);
const UK_TO_EN = table(UK_KEYS, EN_KEYS);
const RU_TO_EN = table(RU_KEYS, EN_KEYS);
// Ukrainian ґ sits on the key right of "=" / next to Enter on most Ukrainian layouts (the "\" key).
EN_TO_UK.set("\\", "ґ");
EN_TO_UK.set("|", "Ґ");
UK_TO_EN.set("ґ", "\\");
UK_TO_EN.set("Ґ", "|");

function convert(text: string, map: Map<string, string>): string {
  let out = "";
  for (const ch of text) out += map.get(ch) ?? ch;
  return out;
}

/** Characters that can be a letter typed on the English layout when a Cyrillic one was meant. */
const LATIN_LAYOUT_CHARS = /^[a-zA-Z`~\[\]{};:'",.<>\\|]+$/;

/** Could this whitespace-free chunk be Cyrillic typed on the English layout? (letters and the key punctuation) */
export function looksLikeLatinLayout(chunk: string): boolean {
  return LATIN_LAYOUT_CHARS.test(chunk) && /[a-zA-Z]/.test(chunk);
}

/**
 * The Cyrillic readings of text typed on the English layout: the Ukrainian-layout reading first, then
 * the Russian one when it differs (they differ only on і/ы, ї/ъ, є/э, '/ё).
 */
export function latinToCyrillicLayout(text: string): string[] {
  const uk = convert(text, EN_TO_UK);
  const ru = convert(text, EN_TO_RU);
  return uk === ru ? [uk] : [uk, ru];
}

/** The English-layout reading of text typed on a Ukrainian or Russian layout by mistake. */
export function cyrillicToLatinLayout(text: string): string {
  let out = "";
  for (const ch of text) out += UK_TO_EN.get(ch) ?? RU_TO_EN.get(ch) ?? ch;
  return out;
}

/** Could this chunk be Latin typed on a Cyrillic layout? (Cyrillic letters only, possibly with the keys' punctuation) */
export function looksLikeCyrillicLayout(chunk: string): boolean {
  return /^[\u0400-\u04FF.,'ʼ]+$/.test(chunk) && /[\u0400-\u04FF]/.test(chunk);
}
