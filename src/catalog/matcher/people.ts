/**
 * Words residents use for a person (бабуся, дідусь, свекруха, мама) also say what the catalogue calls that
 * person: «памперси для бабусі» asks for «памперси для дорослих», «пансіонат для дідуся» for «пансіонат
 * для літніх». The groups are data (data/catalog/situations.yaml, `people`), so a social worker can read
 * and extend them; here they become extra matches of a query word, a little below an exact match, so the
 * word keeps its own meaning (home care's «догляд за бабусею») and adds the catalogue's one.
 *
 * A group may hold only after some words: «для мами» says the mother is the one who needs help, «я мама
 * дитини з інвалідністю» does not (she asks for her child). Or only in some word forms, matched as
 * written: «памперси мамі» (to whom: the dative) says it too, where «мама» alone would not.
 */
import { fold, words } from "./normalize.js";
import { stem } from "./stem.js";

/** One group of person words, as the data file gives it. */
export interface PersonWords {
  /**
   * What the catalogue's texts call such a person (дорослий): it completes a phrase the message says
   * («памперси для бабусі» → «памперси для дорослих»), never matches on its own.
   */
  means: readonly string[];
  /** …and what it says on its own too (літній: «дід сумує один» → «дозвілля для літніх»). */
  meansAlone?: readonly string[] | undefined;
  /** What residents call the person, any language (бабуся, бабушка, grandma), any form of each word. */
  words?: readonly string[] | undefined;
  /** Word forms that hold only as written (мамі, маме: the dative), besides `words`. */
  forms?: readonly string[] | undefined;
  /** Only after one of these words, possibly with a pronoun between («для мами», «для моєї мами»). */
  after?: readonly string[] | undefined;
}

/** How far back (in words) an `after` word may stand: «для» «моєї» «мами». */
export const AFTER_WINDOW = 2;

/** A group resolved against an index: the stems its words mean, and when. */
export interface PersonMeaning {
  /** Stems (of the catalogue's vocabulary) the person word also matches, inside a phrase it meets otherwise. */
  stems: readonly string[];
  /** Stems it also matches on their own. */
  aloneStems: readonly string[];
  /** Folded words one of which must stand just before the person word; null: always. */
  after: ReadonlySet<string> | null;
  /** Lower-case word forms the person word must be written as (not folded: мамі is not мами); null: any form. */
  forms: ReadonlySet<string> | null;
}

/** Stem of a person word → what it means (one entry per group naming it). */
export function personMeanings(groups: readonly PersonWords[]): ReadonlyMap<string, readonly PersonMeaning[]> {
  const map = new Map<string, PersonMeaning[]>();
  for (const group of groups) {
    const aloneStems = [...new Set((group.meansAlone ?? []).flatMap((m) => words(m)).map(stem))];
    const stems = [...new Set(group.means.flatMap((m) => words(m)).map(stem))].filter((s) => !aloneStems.includes(s));
    const after = group.after && group.after.length > 0 ? new Set(group.after.map((w) => fold(w.toLowerCase()))) : null;
    const add = (personWords: readonly string[], meaning: PersonMeaning): void => {
      for (const w of new Set(personWords.flatMap((text) => words(text)).map(stem))) {
        let list = map.get(w);
        if (!list) map.set(w, (list = []));
        list.push(meaning);
      }
    };
    add(group.words ?? [], { stems, aloneStems, after, forms: null });
    const forms = group.forms ?? [];
    if (forms.length > 0) add(forms, { stems, aloneStems, after, forms: new Set(forms.flatMap((text) => words(text))) });
  }
  return map;
}
