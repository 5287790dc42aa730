import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { fold, normalizeText } from "../catalog/matcher/normalize.ts";

/**
 * Small talk — thanks, greetings, «алло, ви мене чуєте?», a lone «?», goodbyes, «ок» — told apart from a
 * need, so the bot answers warmly instead of «не знайшов». The words are data (data/smalltalk/phrases.yaml);
 * a message is small talk only when every word of it is a small-talk word or a filler: a greeting followed
 * by a need («добрий день, мені потрібна доглядальниця») is not, and goes to the search.
 */
export const SMALL_TALK_KINDS = ["thanks", "bye", "human", "help", "greeting", "check", "ok", "yes"] as const;
export type SmallTalkKind = (typeof SMALL_TALK_KINDS)[number];

export const DEFAULT_PHRASES_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/smalltalk/phrases.yaml");

/** Longer than this, a message says more than hello or thanks. */
const MAX_WORDS = 10;

const wordList = z.array(z.union([z.string(), z.number()]).transform(String));
const phrasesSchema = z.object({ kinds: z.partialRecord(z.enum(SMALL_TALK_KINDS), wordList), filler: wordList.default([]) }).strict();

/** One word or phrase as a sequence of matching keys; `*` at a word's end takes any ending. */
type Phrase = Array<{ key: string; prefix: boolean }>;

export interface SmallTalkPhrases {
  kinds: Array<{ kind: SmallTalkKind; phrases: Phrase[] }>;
  filler: Phrase[];
  /** Words of no letters that are small talk by themselves («?», «👍»): kept as typed. */
  symbols: Map<string, SmallTalkKind>;
}

const keyOf = (word: string) => fold(word);

function phraseOf(text: string): Phrase | undefined {
  const normalized = normalizeText(text.replace(/\*/g, " STAR "));
  if (normalized === "") return undefined;
  const words = normalized.split(" ");
  const phrase: Phrase = [];
  for (const word of words) {
    if (word === "star" && phrase.length > 0) phrase[phrase.length - 1]!.prefix = true;
    else phrase.push({ key: keyOf(word), prefix: false });
  }
  return phrase;
}

export function loadSmallTalk(file = DEFAULT_PHRASES_FILE): SmallTalkPhrases {
  const parsed = phrasesSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`small talk phrases (${file}): ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  const symbols = new Map<string, SmallTalkKind>();
  const kinds = SMALL_TALK_KINDS.filter((kind) => parsed.data.kinds[kind]).map((kind) => {
    const phrases: Phrase[] = [];
    for (const entry of parsed.data.kinds[kind]!) {
      const phrase = phraseOf(entry);
      if (phrase) phrases.push(phrase);
      else symbols.set(entry.trim(), kind);
    }
    return { kind, phrases };
  });
  return { kinds, filler: parsed.data.filler.map(phraseOf).filter((p): p is Phrase => p !== undefined), symbols };
}

let bundled: SmallTalkPhrases | undefined;
/** The bundled phrases, read at first use (not at import: a bot's start needs none of them). */
const bundledPhrases = (): SmallTalkPhrases => (bundled ??= loadSmallTalk());

/**
 * How many words from `at` the phrase covers (0: it does not match there). `keys` holds the words' keys
 * read so far: a word is folded only when a phrase reaches it (a search's first word usually ends it).
 */
function covers(phrase: Phrase, words: string[], keys: string[], at: number): number {
  if (at + phrase.length > words.length) return 0;
  for (let i = 0; i < phrase.length; i++) {
    const part = phrase[i]!;
    const key = (keys[at + i] ??= keyOf(words[at + i]!));
    if (part.prefix ? !key.startsWith(part.key) : key !== part.key) return 0;
  }
  return phrase.length;
}

/** A phrase and what it is: a kind of small talk, or a filler (undefined). */
type Entry = { kind: SmallTalkKind | undefined; phrase: Phrase };
/** The phrases by their first word: those whose first word must be equal, and those it must start with. */
interface PhraseIndex {
  exact: Map<string, Entry[]>;
  prefixed: Entry[];
}

const indexes = new WeakMap<SmallTalkPhrases, PhraseIndex>();
/**
 * Each message was compared with every phrase at every word (~150 phrases; a search's first word
 * already ends it, as small talk is rare): now only with the phrases its word can start, looked up by
 * the word. Built once per set of phrases; the answer is the same (every phrase that covers a word
 * starts with it, and the order phrases are tried in does not change which kinds win).
 */
function indexOf(phrases: SmallTalkPhrases): PhraseIndex {
  let index = indexes.get(phrases);
  if (!index) {
    index = { exact: new Map(), prefixed: [] };
    const add = (entry: Entry) => {
      const first = entry.phrase[0]!;
      if (first.prefix) index!.prefixed.push(entry);
      else {
        const list = index!.exact.get(first.key);
        if (list) list.push(entry);
        else index!.exact.set(first.key, [entry]);
      }
    };
    for (const { kind, phrases: list } of phrases.kinds) for (const phrase of list) add({ kind, phrase });
    for (const phrase of phrases.filler) add({ kind: undefined, phrase });
    indexes.set(phrases, index);
  }
  return index;
}

const NO_ENTRIES: Entry[] = [];

/**
 * The kind of small talk a message is, or undefined when it is (or may be) a need. The first kind in
 * the data file that has a word in the message wins (thanks before greeting: «привіт, дякую» is thanks).
 */
export function classifySmallTalk(text: string, given?: SmallTalkPhrases): SmallTalkKind | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || trimmed.startsWith("/") || trimmed.length > 200) return undefined;
  const phrases = given ?? bundledPhrases();
  const normalized = normalizeText(trimmed);
  if (normalized === "") {
    // Nothing but signs: «?», «??», «👍», «🙏»
    for (const [symbol, kind] of phrases.symbols) if (trimmed.includes(symbol)) return kind;
    return undefined;
  }
  const words = normalized.split(" ");
  if (words.length > MAX_WORDS) return undefined;
  const keys: string[] = [];
  const { exact, prefixed } = indexOf(phrases);
  const seen = new Set<SmallTalkKind>();
  let at = 0;
  while (at < words.length) {
    // The longest small-talk phrase that starts here («добрий день» over «добрий»), else a filler word.
    let step = 0;
    let filler = 0;
    let kinds: SmallTalkKind[] = [];
    const first = (keys[at] ??= keyOf(words[at]!));
    for (let list = exact.get(first) ?? NO_ENTRIES, pass = 0; pass < 2; list = prefixed, pass++) {
      for (const { kind, phrase } of list) {
        const length = covers(phrase, words, keys, at);
        if (length === 0) continue;
        if (kind === undefined) filler = Math.max(filler, length);
        else if (length > step) [step, kinds] = [length, [kind]];
        else if (length === step) kinds.push(kind);
      }
    }
    if (step === 0) step = filler;
    if (step === 0) return undefined; // a word that is neither small talk nor filler: a need, perhaps
    for (const kind of kinds) seen.add(kind);
    at += step;
  }
  return phrases.kinds.find(({ kind }) => seen.has(kind))?.kind;
}
