/**
 * A light, conservative Ukrainian + Russian suffix stripper, so word forms meet:
 * інвалідністю / інвалідність / инвалидности → "инвалидн", сиделки / сиделка → "сиделк",
 * бабусі / бабуся → "бабус", літніх / літній / літня → "литн".
 *
 * It strips one inflectional ending (the longest that leaves at least `MIN_STEM` letters), after a
 * reflexive -ся/-сь, and works on the lower-case word as spelled (so "-ть" of a verb is not confused with a
 * noun's "-т"); the result is then folded (see `fold`), so Ukrainian and Russian stems meet.
 * It is deliberately incomplete: the matcher's fuzzy and prefix look-ups absorb what it misses
 * (допомога / допомозі, будинок / будинком).
 */
import { fold } from "./normalize.js";

export const MIN_STEM = 3;

/** Endings (Ukrainian and Russian, nouns, adjectives, a few verb forms), longest first at run time. */
const ENDINGS: readonly string[] = [
  // abstract nouns in -ність / -ность (інвалідність, доступність, инвалидность)
  "ість", "істю", "ості", "остей", "ість", "ость", "остью", "ости", "остям", "остями", "остях",
  // verbal nouns: навчання / навчати, отримання / отримати meet on "навча" / "отрима"
  "ння", "нням", "нню", "нні", "ннях", "ннями",
  "ние", "ния", "нию", "нием",
  // adjectives
  "ього", "ьому", "ого", "ому", "его", "ему", "ими", "іми", "ыми",
  "ий", "ій", "ый", "ой", "ая", "яя", "ое", "ее", "ие", "ые", "ої", "ьої", "ую", "юю",
  "их", "іх", "ых", "им", "ім", "ым",
  // nouns
  "ами", "ями", "иями", "ах", "ях", "ам", "ям", "ом", "ем", "ьом", "єм", "ою", "ею", "єю",
  "ов", "ев", "ів", "їв", "ей", "ью", "ія", "ії", "ію", "ією", "ия", "ии", "ию", "ием", "иям", "иях",
  "ові", "еві", "єві",
  // verbs (only forms whose spelling cannot be a noun ending)
  "ти", "ть", "ить", "іть", "ать", "ять", "еть", "уть", "ють", "ують", "ите", "ете", "ує", "ює", "ає", "яє", "ешь", "ишь",
  // single letters
  "а", "я", "о", "е", "є", "і", "ї", "и", "ы", "у", "ю", "ь", "й",
];

const SORTED_ENDINGS = [...new Set(ENDINGS)].sort((a, b) => b.length - a.length);
const REFLEXIVE = ["ся", "сь"];
const VOWELS = new Set([..."аеєиіїоуюяыэё"]);

/** The ending stripped from a lower-case word (not folded), or the word itself when none applies. */
export function stripEnding(word: string): string {
  let w = word;
  if (w.length <= MIN_STEM) return w;
  for (const r of REFLEXIVE) {
    if (w.endsWith(r) && w.length - r.length >= MIN_STEM + 2) {
      w = w.slice(0, -r.length);
      break;
    }
  }
  if (!/[\u0400-\u04FF]$/.test(w)) return stripLatinEnding(w);
  for (const e of SORTED_ENDINGS) {
    if (!w.endsWith(e)) continue;
    const rest = w.length - e.length;
    if (rest < MIN_STEM) continue;
    // A one-letter ending only comes off a word of four letters or more (дім, ліс, сад stay whole).
    if (e.length === 1 && w.length < MIN_STEM + 1) continue;
    // Infinitive -ти / -ть only after a vowel (отримати, робить), so nouns in -т keep it (документи, кошти).
    if ((e === "ти" || e === "ть") && !VOWELS.has(w[rest - 1]!)) continue;
    return w.slice(0, rest);
  }
  return w;
}

/**
 * English words: steps 1 and 5a of Porter's algorithm (1980) — plurals, -ed / -ing with the silent -e put
 * back where the word needs it, final -y → -i, and a silent final -e dropped — so that the forms residents
 * type meet the catalogue's English texts (diapers / diaper, housing / house → "hous", families / family →
 * "famili", nurse / nursing → "nurs", caring / care → "care"). The derivational steps (2–4) are left out:
 * they merge words that mean different things to a resident (general / generous, disability / disable).
 */
function stripLatinEnding(w: string): string {
  if (w.length <= 2 || !/^[a-z]+$/.test(w)) return w;
  // Step 1a: plurals.
  if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("ies")) w = w.slice(0, -2);
  else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) w = w.slice(0, -1);
  // Step 1b: -eed, -ed, -ing.
  if (w.endsWith("eed")) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else {
    const suffix = w.endsWith("ed") ? 2 : w.endsWith("ing") ? 3 : 0;
    if (suffix > 0 && hasVowel(w.slice(0, -suffix))) {
      w = w.slice(0, -suffix);
      if (w.endsWith("at") || w.endsWith("bl") || w.endsWith("iz")) w += "e";
      else if (endsWithDouble(w) && !/[lsz]$/.test(w)) w = w.slice(0, -1);
      else if (measure(w) === 1 && endsCvc(w)) w += "e";
    }
  }
  // Step 1c: a final -y after a vowel-bearing stem becomes -i (family / families → "famili").
  if (w.endsWith("y") && hasVowel(w.slice(0, -1))) w = w.slice(0, -1) + "i";
  // Step 5a: a silent final -e goes (house / housing → "hous"), unless the word would lose its shape (care).
  if (w.endsWith("e")) {
    const rest = w.slice(0, -1);
    const m = measure(rest);
    if (m > 1 || (m === 1 && !endsCvc(rest))) w = rest;
  }
  return w;
}

/** Whether the letter at `i` is a consonant in Porter's sense (y is a vowel after a consonant). */
function isConsonant(w: string, i: number): boolean {
  const ch = w[i]!;
  if ("aeiou".includes(ch)) return false;
  if (ch === "y") return i === 0 || !isConsonant(w, i - 1);
  return true;
}

/** Porter's m: the number of vowel–consonant sequences in [C](VC){m}[V]. */
function measure(w: string): number {
  let m = 0;
  let i = 0;
  const n = w.length;
  while (i < n && isConsonant(w, i)) i++;
  while (i < n) {
    while (i < n && !isConsonant(w, i)) i++;
    if (i >= n) break;
    while (i < n && isConsonant(w, i)) i++;
    m++;
  }
  return m;
}

function hasVowel(w: string): boolean {
  for (let i = 0; i < w.length; i++) if (!isConsonant(w, i)) return true;
  return false;
}

function endsWithDouble(w: string): boolean {
  const n = w.length;
  return n >= 2 && w[n - 1] === w[n - 2] && isConsonant(w, n - 1);
}

/** Consonant–vowel–consonant at the end, the last not w, x or y (hop, liv: the -e comes back). */
function endsCvc(w: string): boolean {
  const n = w.length;
  if (n < 3) return false;
  if (!isConsonant(w, n - 1) || isConsonant(w, n - 2) || !isConsonant(w, n - 3)) return false;
  return !"wxy".includes(w[n - 1]!);
}

/**
 * Two derivational regularities after the ending is off, so forms of one word meet:
 * a fleeting vowel (будинок / будинку, притулок / притулку, переселенец / переселенцы → "будинк", "притулк",
 * "переселенц") and the diminutive -очк- / -ечк- (лавочка / лавка → "лавк", садочок / садок → "садк").
 */
function normalizeDerivation(w: string): string {
  let out = w;
  if (out.length >= 5 && /[^аеєиіїоуюяыэё](ок|ек|ец|ець)$/.test(out)) {
    out = out.endsWith("ець") ? out.slice(0, -3) + "ц" : out.slice(0, -2) + out.slice(-1);
  }
  if (out.length >= 6 && /[^аеєиіїоуюяыэё](очк|ечк|ічк)$/.test(out)) out = out.slice(0, -3) + "к";
  return out;
}

/** The matching stem of a lower-case word: its ending stripped, then folded (Ukrainian/Russian letters merged). */
export function stem(word: string): string {
  const stripped = stripEnding(word.toLowerCase());
  return fold(/[\u0400-\u04FF]$/.test(stripped) ? normalizeDerivation(stripped) : stripped);
}
