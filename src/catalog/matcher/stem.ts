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

/** English plural and a few endings, for the English names of services. */
function stripLatinEnding(w: string): string {
  if (w.length > 5 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length > 5 && w.endsWith("ing")) return w.slice(0, -3);
  if (w.length > 4 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
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
