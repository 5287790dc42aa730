import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { fold, isLatinWord, words } from "../catalog/matcher/normalize.ts";
import { transliterate } from "../catalog/matcher/transliterate.ts";
import { hasPhoneLike } from "./phone.ts";

/**
 * Typed answers to button questions: «да согласна», «для тата», «зранку», «отправляйте» → the option
 * the resident meant. The phrases are data (data/dialogue/answers.yaml), so a social worker can read
 * and extend them; this module only knows how to read a message against them. No Telegram here.
 *
 * A phrase matches when its words appear next to each other anywhere in the message, compared by their
 * folded key (Ukrainian and Russian spellings meet, case and punctuation ignored), with one typo
 * forgiven in words of 5 letters or more and two in words of 9 or more. A phrase right after «не» does
 * not count unless it begins with «не» itself. The option whose best phrase scores highest (longer and
 * exact beats shorter and fuzzy) wins; a tie between two options is no answer: the bot asks again.
 * A word in Latin letters that no phrase has («dlya otca», «moi zayavki») is read as the Cyrillic word
 * a phrase has among its transliterations, else as its first transliteration (then typos are forgiven).
 */

export const ANSWERS_FILE = new URL("../../data/dialogue/answers.yaml", import.meta.url);

export type Navigation = "cancel" | "back" | "skip" | "repeat";

const phraseList = z.array(z.union([z.string(), z.number(), z.boolean()]).transform(String)).min(1);
const answerFileSchema = z.object({
  questions: z.record(z.string(), z.record(z.string(), phraseList)),
  // «repeat» came later: an answers file without it still reads.
  navigation: z.object({ cancel: phraseList, back: phraseList, skip: phraseList, repeat: phraseList.optional() }),
  fillers: phraseList,
});
export type AnswerFile = z.infer<typeof answerFileSchema>;

interface Phrase {
  option: string;
  keys: string[];
}

/** The matching keys of a text's words. */
const keysOf = (text: string): string[] =>
  words(text)
    .map((word) => LATIN_NOT.get(word) ?? fold(word))
    .filter((key) => key.length > 0);

/**
 * «ne», «nie» in Latin letters are «не» (phrases and messages alike): «ne dzvonite» is no «подзвоніть»
 * (the review of session 14: read as one once Latin words were transliterated, it sent the request).
 */
const LATIN_NOT = new Map([
  ["ne", fold("не")],
  ["nie", fold("не")],
]);

const NEGATORS = new Set(["не", "not", "dont"].map(fold));

/**
 * Three rows of the distance table, reused across calls: the dialogue compares every typed word with
 * every phrase word of a question, and a fresh table per pair made this the dialogue's largest cost.
 */
let rowBeforeLast = new Int32Array(64);
let lastRow = new Int32Array(64);
let row = new Int32Array(64);

/** Damerau–Levenshtein distance (adjacent swaps count once), stopping early past `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (row.length <= b.length) {
    const size = b.length * 2 + 1;
    [rowBeforeLast, lastRow, row] = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  }
  for (let j = 0; j <= b.length; j++) lastRow[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(lastRow[j]! + 1, row[j - 1]! + 1, lastRow[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rowBeforeLast[j - 2]! + 1);
      row[j] = value;
      if (value < best) best = value;
    }
    if (best > max) return max + 1;
    [rowBeforeLast, lastRow, row] = [lastRow, row, rowBeforeLast];
  }
  return lastRow[b.length]!;
}

/** How well one typed word stands for one phrase word: 1 exact, 0.6 with a forgiven typo, 0 not at all. */
function wordScore(typed: string, wanted: string): number {
  if (typed === wanted) return 1;
  const allowed = wanted.length >= 9 ? 2 : wanted.length >= 5 ? 1 : 0;
  if (allowed === 0 || /\d/.test(wanted)) return 0;
  return distance(typed, wanted, allowed) <= allowed ? 0.6 : 0;
}

/** The best score of a phrase anywhere in the message's keys (0: not found). */
function phraseScore(keys: string[], phrase: string[]): number {
  let best = 0;
  for (let start = 0; start + phrase.length <= keys.length; start++) {
    let score = 0;
    for (let k = 0; k < phrase.length; k++) {
      const one = wordScore(keys[start + k]!, phrase[k]!);
      if (one === 0) {
        score = 0;
        break;
      }
      score += one;
    }
    if (score === 0) continue;
    const negated = start > 0 && NEGATORS.has(keys[start - 1]!) && !NEGATORS.has(phrase[0]!);
    if (!negated) best = Math.max(best, score);
  }
  return best;
}

/** Typed answers, read once from their data file. */
export class AnswerBook {
  private readonly questions = new Map<string, Phrase[]>();
  private readonly navigation: Phrase[] = [];
  private readonly fillers: string[][];
  /** Per question: a phrase's keys joined → the options it stands for (isExactly, wholeMessageOption). */
  private readonly wholePhrases = new Map<string, Map<string, Set<string>>>();
  /** Per question and option: its one-word phrases' keys (consentOf). */
  private readonly oneWord = new Map<string, Set<string>>();
  /** Every phrase word's key, and Latin words read (readLatin). */
  private readonly vocabulary = new Set<string>();
  private readonly latinReadings = new Map<string, string>();

  constructor(file: AnswerFile) {
    for (const [question, options] of Object.entries(file.questions)) {
      const phrases: Phrase[] = [];
      for (const [option, list] of Object.entries(options)) {
        for (const text of list) {
          const keys = keysOf(text);
          if (keys.length > 0) phrases.push({ option, keys });
        }
      }
      this.questions.set(question, phrases);
    }
    for (const [option, list] of Object.entries(file.navigation)) {
      for (const text of list ?? []) {
        const keys = keysOf(text);
        if (keys.length > 0) this.navigation.push({ option, keys });
      }
    }
    // Longest first, so «будь ласка» goes before «будь».
    this.fillers = file.fillers.map(keysOf).filter((keys) => keys.length > 0).sort((a, b) => b.length - a.length);
    for (const phrases of this.questions.values()) for (const phrase of phrases) for (const key of phrase.keys) this.vocabulary.add(key);
    for (const phrase of this.navigation) for (const key of phrase.keys) this.vocabulary.add(key);
    for (const filler of this.fillers) for (const key of filler) this.vocabulary.add(key);
  }

  /** A message's keys, its Latin words read as Cyrillic where no phrase has them as they are. */
  private keysOf(text: string): string[] {
    const keys = keysOf(text);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (!this.vocabulary.has(key) && isLatinWord(key)) keys[i] = this.readLatin(key);
    }
    return keys;
  }

  private readLatin(key: string): string {
    let read = this.latinReadings.get(key);
    if (read === undefined) {
      const readings = transliterate(key).map(fold);
      read = readings.find((reading) => this.vocabulary.has(reading)) ?? readings[0] ?? key;
      if (this.latinReadings.size > 10_000) this.latinReadings.clear();
      this.latinReadings.set(key, read);
    }
    return read;
  }

  static fromYaml(text: string): AnswerBook {
    return new AnswerBook(answerFileSchema.parse(parse(text)));
  }

  static load(file: URL | string = ANSWERS_FILE): AnswerBook {
    return AnswerBook.fromYaml(readFileSync(file, "utf8"));
  }

  /** The questions the file has answers for. */
  questionIds(): string[] {
    return [...this.questions.keys()];
  }

  /** The options a question's phrases name. */
  optionsOf(question: string): string[] {
    return [...new Set((this.questions.get(question) ?? []).map((phrase) => phrase.option))];
  }

  /**
   * The option of `question` a typed message means, or undefined when it names none — or two equally.
   * `allowed` narrows the options to those the question offers right now.
   */
  understand(question: string, text: string, allowed?: readonly string[]): string | undefined {
    return winner(this.found(question, this.keysOf(text), allowed));
  }

  /**
   * The answer to «Ви погоджуєтеся?». A refusal ends the dialogue and drops what was said, so it must
   * be meant; a consent even more so. A lone «не», «ні», «ne» refuses only as the first word of a
   * message of up to three («ні, дякую», «ну ні») without a phone number; elsewhere («звоните маме а не
   * мне 067…», «для мами, не для мене», «я не розумію», «Нет конечно, зачем мне это») it is neither: the
   * question is asked again, never read as the «так» beside it. Phrases of two words or more («не
   * хочу», «я проти») refuse anywhere.
   */
  consentOf(text: string): "yes" | "no" | undefined {
    const keys = this.keysOf(text);
    const found = this.found("consent", keys);
    const no = found.get("no");
    if (no && no.words === 1) {
      const kept = this.withoutFillers(keys);
      // «не» itself only alone («не розумію», «не знаю» are no refusal); «ні», «нет» first in up to three words.
      const first = kept[0] ?? "";
      const saidFirst = kept.length <= 3 && this.oneWordPhrases("consent", "no").has(first) && (!NEGATORS.has(first) || kept.length === 1);
      if (!saidFirst || hasPhoneLike(text)) {
        // Not a refusal; a consent only if said more strongly than that «не» («я не проти») or first («Так,
        // згодна, тільки дзвонити не потрібно»), never beside a «нет» said first («Нет конечно, зачем мне это»).
        const yes = found.get("yes");
        return yes && (yes.score > no.score || this.oneWordPhrases("consent", "yes").has(first)) ? "yes" : undefined;
      }
    }
    return winner(found) as "yes" | "no" | undefined;
  }

  /** The keys of an option's one-word phrases. */
  private oneWordPhrases(question: string, option: string): Set<string> {
    const id = `${question}\u0000${option}`;
    let words = this.oneWord.get(id);
    if (!words) {
      words = new Set((this.questions.get(question) ?? []).filter((phrase) => phrase.option === option && phrase.keys.length === 1).map((phrase) => phrase.keys[0]!));
      this.oneWord.set(id, words);
    }
    return words;
  }

  /**
   * `understand`, where the `careful` options (the summary's «send»: it sends at once) count only when
   * said plainly: by a phrase of two words or more, or in a message of at most three words. «вона погано
   * чує, дзвоніть голосно, ключ у сусідки» is more to say, not «подзвоніть» (second trial: it sent).
   */
  understandPlainly(question: string, text: string, careful: readonly string[]): string | undefined {
    const keys = this.keysOf(text);
    const found = this.found(question, keys);
    const long = this.withoutFillers(keys).length > 3;
    for (const option of careful) if (long && found.get(option)?.words === 1) found.delete(option);
    return winner(found);
  }

  /** Whether the message says any of the question's phrases (two options at once too: «не вдень, ввечері»). */
  mentions(question: string, text: string): boolean {
    return this.found(question, this.keysOf(text)).size > 0;
  }

  /** Each option's best phrase in the message: its score and how many words it has. */
  private found(question: string, keys: string[], allowed?: readonly string[]): Map<string, { score: number; words: number }> {
    const best = new Map<string, { score: number; words: number }>();
    if (keys.length === 0) return best;
    for (const phrase of this.questions.get(question) ?? []) {
      if (allowed && !allowed.includes(phrase.option)) continue;
      const score = phraseScore(keys, phrase.keys);
      if (score > (best.get(phrase.option)?.score ?? 0)) best.set(phrase.option, { score, words: phrase.keys.length });
    }
    return best;
  }

  /**
   * Whether the whole message (give or take polite words) is exactly one of the question's phrases, no
   * typo forgiven: «так», «отправляйте» as a name are no name, while «Вера» is not «верно».
   */
  isExactly(question: string, text: string, options?: readonly string[]): boolean {
    const said = this.wholePhraseOptions(question, text);
    return said !== undefined && (!options || options.some((option) => said.has(option)));
  }

  /**
   * The option whose phrase is the whole message (give or take polite words), no typo forgiven: «контакти»
   * is the contacts button, «де взяти контакти соцслужби» is not. One lookup, for messages every update reads.
   */
  wholeMessageOption(question: string, text: string): string | undefined {
    if (text.length > WHOLE_MESSAGE_MAX) return undefined;
    const said = this.wholePhraseOptions(question, text);
    return said === undefined ? undefined : said.values().next().value;
  }

  /** The options whose phrase the whole message is (give or take polite words), in the file's order. */
  private wholePhraseOptions(question: string, text: string): ReadonlySet<string> | undefined {
    const keys = this.withoutFillers(this.keysOf(text));
    if (keys.length === 0) return undefined;
    let phrases = this.wholePhrases.get(question);
    if (!phrases) {
      phrases = new Map();
      for (const phrase of this.questions.get(question) ?? []) {
        const joined = phrase.keys.join(" ");
        phrases.set(joined, (phrases.get(joined) ?? new Set()).add(phrase.option));
      }
      this.wholePhrases.set(question, phrases);
    }
    return phrases.get(keys.join(" "));
  }

  /** «меня зовут Наташа» → «Наташа» (as typed); undefined when the message does not begin so (nameIntro). */
  nameAfterIntro(text: string): string | undefined {
    const typed = text.trim().split(/\s+/u);
    const keys = this.keysOf(text);
    for (const phrase of this.questions.get("nameIntro") ?? []) {
      if (phrase.keys.length >= keys.length || !phrase.keys.every((key, k) => key === keys[k])) continue;
      const name = typed.slice(phrase.keys.length).join(" ").replace(/^[\s,.:;!—–-]+|[\s,.:;!?]+$/gu, "");
      if (name) return name;
    }
    return undefined;
  }

  /**
   * The name in a message that says a little more (session 14's trial: each was refused, or kept whole):
   * «мій чоловік Бондар Іван Степанович» → «Бондар Іван Степанович» (whom the name is of: said already);
   * «Сергей, я сын» → «Сергей» (who writes). An age after the name stays with it («Бондар Іван, 82 роки»;
   * `bare` is the name without it, for the caller to check). `relation`: the relation word's code
   * («чоловік»: husband), so «Ким ця людина Вам доводиться?» need not be asked.
   */
  nameIn(text: string): { name: string; bare: string; relation?: string } {
    let name = text.trim();
    let relation: string | undefined;
    const self = SELF_AFTER_NAME.exec(name);
    if (self && this.isExactly("selfRelation", self[2]!)) name = name.slice(0, self.index).trim();
    const typed = name.split(/\s+/u);
    let from = MY.has(fold(typed[0] ?? "")) ? 1 : 0;
    if (typed.length > from + 1 && this.isExactly("relationWords", typed[from]!)) from += 1;
    else from = 0;
    if (from > 0 && /^\p{Lu}/u.test(typed[from]!)) {
      relation = this.understand("relationWords", typed[from - 1]!);
      name = typed.slice(from).join(" ");
    }
    const age = AGE_AFTER_NAME.exec(name);
    // A bare number after a name («Іван 5») is no age: a unit, a comma or brackets say it is.
    const bare = age && age.index > 0 && /[\p{L},(]/u.test(age[0]) ? name.slice(0, age.index) : name;
    return relation ? { name, bare, relation } : { name, bare };
  }

  /**
   * A short message that is an address: an address word («вул.», «кв», «будинок», «street») and a number,
   * in at most `maxWords` words («вулиця Київська будинок 15 квартира 8, біля базару, третій поверх»).
   */
  isAddress(text: string, maxWords = 14): boolean {
    if (!/\d/u.test(text)) return false;
    const keys = this.keysOf(text);
    if (keys.length > maxWords) return false;
    const words = new Set(keys);
    return (this.questions.get("address") ?? []).some((phrase) => phrase.keys.length === 1 && words.has(phrase.keys[0]!));
  }

  /**
   * «для тата» → { other, parent }; «для себе» → { me }. A relation word alone means someone else.
   * «я син» / «я сусідка» says who is writing, not who needs help: those words are left out («я сын,
   * помощь нужна маме» → { other, parent }; «я сын» alone → no answer, the question is asked again).
   */
  understandForWhom(message: string): { forOther: boolean; relation?: string } | undefined {
    const text = this.withoutSelfDescription(message);
    if (text === "") return undefined;
    const relation = this.understand("relation", text);
    const who = this.understand("forWhom", text);
    if (relation && who !== "me") return { forOther: true, relation };
    // «я маму доглядаю»: a bare «я» with a relation word is the one who writes, and the help is for that person.
    if (relation && this.understand("forWhom", this.withoutBareSelf(text)) !== "me") return { forOther: true, relation };
    if (who === "me") return { forOther: false };
    if (who === "other") return { forOther: true };
    return undefined;
  }

  /** The message without «я» standing alone. */
  private withoutBareSelf(text: string): string {
    return words(text)
      .filter((word) => !SELF.has(word))
      .join(" ");
  }

  /** The message without «я» and the relation word right after it («я сын», «я її донька»: who writes). */
  private withoutSelfDescription(text: string): string {
    const typed = words(text);
    const kept: string[] = [];
    for (let i = 0; i < typed.length; i++) {
      if (SELF.has(typed[i]!)) {
        // «я сын», «я її син», «я ее дочь»: the word that says who they are (data: selfRelation), next or
        // after «її», «ее», «her» … («я маму доглядаю» keeps «маму»: it is whom the help is for).
        const next = POSSESSIVE.has(typed[i + 1] ?? "") ? i + 2 : i + 1;
        if (next < typed.length && this.isExactly("selfRelation", typed[next]!)) {
          i = next;
          continue;
        }
      }
      kept.push(typed[i]!);
    }
    return kept.length === typed.length ? text : kept.join(" ");
  }

  /** «скасувати», «назад будь ласка», «пропустіть»: only when that is the whole message (give or take polite words). */
  navigationOf(text: string): Navigation | undefined {
    const keys = this.withoutFillers(this.keysOf(text));
    if (keys.length === 0) return undefined;
    for (const phrase of this.navigation) {
      if (phrase.keys.length === keys.length && phraseScore(keys, phrase.keys) > 0) return phrase.option as Navigation;
    }
    return undefined;
  }

  private withoutFillers(keys: string[]): string[] {
    const kept: string[] = [];
    for (let i = 0; i < keys.length; ) {
      const filler = this.fillers.find((words) => words.every((word, k) => keys[i + k] === word));
      if (filler) i += filler.length;
      else kept.push(keys[i++]!);
    }
    return kept;
  }
}

/** The option that scored highest; none when two score the same. */
function winner(found: ReadonlyMap<string, { score: number }>): string | undefined {
  const ranked = [...found.entries()].sort((a, b) => b[1].score - a[1].score);
  if (ranked.length === 0) return undefined;
  if (ranked.length > 1 && ranked[1]![1].score === ranked[0]![1].score) return undefined;
  return ranked[0]![0];
}

/** Longer messages are never a phrase alone (wholeMessageOption). */
const WHOLE_MESSAGE_MAX = 60;

/** «Сергей, я сын», «Олена — я донька»: who writes, after the name. */
const SELF_AFTER_NAME = /\s*[,;—–-]\s*(я|ya|i am|i'm|im)\s+(\p{L}+)\s*[.!]?$/iu;
/** «мій», «моя», «мой», «my» before a relation word and a name. */
const MY = new Set(["мій", "моя", "моє", "мой", "мое", "моё", "my", "наш", "наша"].map(fold));
/** «, 82 роки», «(82)», «82 года» after a name. */
const AGE_AFTER_NAME = /[\s,;]+\(?\d{1,3}\s*(рок[іиу]в?|рік|р\.?|лет|года?|years?(\s+old)?|y\.?o\.?)?\)?\.?$/iu;

/** «I» as residents write it, before the word that says who they are to the person helped. */
const SELF = new Set(["я", "i", "ya", "im"]);
const POSSESSIVE = new Set(["її", "його", "їх", "ее", "её", "его", "их", "her", "his", "their", "ii", "yii", "ego", "yogo"]);

let shared: AnswerBook | undefined;
/** The bundled answers (data/dialogue/answers.yaml), read on first use. */
export function answerBook(): AnswerBook {
  shared ??= AnswerBook.load();
  return shared;
}
