/**
 * Latin transliteration back to Cyrillic.
 *
 * Residents write Ukrainian (and Russian) in Latin letters in many ways: the national standard
 * (Cabinet of Ministers resolution No. 55 of 2010: zh, kh, ts, ch, sh, shch, ye/ie, yi/i, yu/iu, ya/ia, h = г),
 * and informal ones (h = х as in "psiholog", c = ц as in "socialne", j = й, w = в, x = кс, "sch" = щ).
 * A Latin word can therefore mean several Cyrillic words: `transliterate` returns every plausible reading
 * (at most `MAX_VARIANTS`), the caller keeps the one the catalogue's vocabulary knows.
 */

export const MAX_VARIANTS = 16;

type Rule = readonly [latin: string, cyrillic: readonly string[]];

/** Longest first within the table; every rule lists its readings, most likely first. */
const RULES: readonly Rule[] = [
  ["shch", ["щ"]],
  ["sch", ["щ", "сх"]],
  ["zh", ["ж"]],
  ["kh", ["х"]],
  ["ch", ["ч"]],
  ["sh", ["ш"]],
  ["ts", ["ц", "тс"]],
  ["tz", ["ц"]],
  ["cz", ["ч"]],
  ["zgh", ["зг"]],
  ["gh", ["г"]],
  ["ph", ["ф"]],
  ["ck", ["к"]],
  ["yi", ["ї", "ий"]],
  // "ii" / "iy" before a consonant or at the end are mostly "ій" (viiskovyi → військовий, Mykolaiv-style
  // "ii" → "ії" less often); the vocabulary picks the reading it knows.
  ["ii", ["ій", "ії", "иі"]],
  ["iy", ["ій", "ий"]],
  ["ji", ["ї"]],
  ["ya", ["я", "иа"]],
  ["ja", ["я"]],
  ["ia", ["я", "іа"]],
  ["yu", ["ю", "иу"]],
  ["ju", ["ю"]],
  ["iu", ["ю", "іу"]],
  ["ye", ["є", "е"]],
  ["je", ["є"]],
  ["ie", ["є", "іе"]],
  ["yo", ["йо", "ё"]],
  ["jo", ["йо", "ё"]],
  ["io", ["іо", "ьо"]],
  ["a", ["а"]],
  ["b", ["б"]],
  ["c", ["ц", "к", "с"]],
  ["d", ["д"]],
  ["e", ["е"]],
  ["f", ["ф"]],
  ["g", ["г"]],
  ["h", ["г", "х"]],
  ["i", ["і"]],
  ["j", ["й"]],
  ["k", ["к"]],
  ["l", ["л"]],
  ["m", ["м"]],
  ["n", ["н"]],
  ["o", ["о"]],
  ["p", ["п"]],
  ["q", ["к"]],
  ["r", ["р"]],
  ["s", ["с"]],
  ["t", ["т"]],
  ["u", ["у"]],
  ["v", ["в"]],
  ["w", ["в"]],
  ["x", ["кс", "х"]],
  ["y", ["и", "й"]],
  ["z", ["з"]],
  ["'", ["ь"]],
];

/** Rules that apply only before a consonant or at the end of the word. */
const BEFORE_CONSONANT = new Set(["ii", "iy"]);

const RULES_BY_FIRST = new Map<string, Rule[]>();
for (const rule of RULES) {
  const first = rule[0][0]!;
  const list = RULES_BY_FIRST.get(first) ?? [];
  list.push(rule);
  RULES_BY_FIRST.set(first, list);
}
for (const list of RULES_BY_FIRST.values()) list.sort((a, b) => b[0].length - a[0].length);

/**
 * Every Cyrillic reading of a lower-case Latin word (letters and `'`), most likely first, at most `max`.
 * Characters without a rule are kept as they are. The first reading uses each rule's first choice.
 */
export function transliterate(latin: string, max = MAX_VARIANTS): string[] {
  const word = latin.toLowerCase();
  // Each position may be segmented by several rules (e.g. "ts" as ц or as "t"+"s"); we explore the
  // readings breadth-first with a cap, so a long word with many ambiguities stays cheap.
  let partial: Array<{ pos: number; out: string }> = [{ pos: 0, out: "" }];
  const done: string[] = [];
  const seen = new Set<string>();
  let guard = 0;
  while (partial.length > 0 && guard++ < 64) {
    const next: Array<{ pos: number; out: string }> = [];
    for (const { pos, out } of partial) {
      if (pos >= word.length) {
        if (!seen.has(out)) {
          seen.add(out);
          done.push(out);
        }
        continue;
      }
      const ch = word[pos]!;
      const rules = RULES_BY_FIRST.get(ch);
      if (!rules) {
        next.push({ pos: pos + 1, out: out + ch });
        continue;
      }
      // The longest matching rule gives the main readings; its alternatives come after.
      // "ii" / "iy" are "ій" only before a consonant or at the end: before a vowel the y starts я, є, ю ("pensiya").
      const matching = rules.filter(([lat]) => word.startsWith(lat, pos) && !(BEFORE_CONSONANT.has(lat) && /[aeiouy]/.test(word[pos + 2] ?? "")));
      const longest = matching[0]!;
      for (const cyr of longest[1]) next.push({ pos: pos + longest[0].length, out: out + cyr });
    }
    partial = next.slice(0, max * 2);
  }
  return done.slice(0, max);
}

/** The single most likely reading (each rule's first choice). */
export function transliterateFirst(latin: string): string {
  return transliterate(latin, 1)[0] ?? latin;
}
