/**
 * The matcher's index over a list of services, built once.
 *
 * Every text field of a service becomes an *entry* (its name, each synonym, its summary, its
 * description; Ukrainian and English) holding the stems of its content words. An inverted index maps
 * each stem to the services that contain it (with the best field weight), a sorted stem list serves
 * prefix look-ups and a deletion-neighbourhood index serves fuzzy look-ups, so a query touches only the services that
 * share a word with it, whatever the size of the catalogue.
 */
import { fold, words } from "./normalize.js";
import { stem } from "./stem.js";
import { isRequestWord, isStopWord } from "./stopwords.js";
import { LIGHT_STEMS } from "./lexicon.js";
import { FuzzyIndex } from "./fuzzy.js";
import { personMeanings, type PersonWords } from "./people.js";

/** A localised text: Ukrainian required, English optional. */
export interface SearchableText {
  uk: string;
  en?: string | undefined;
}

/** What the matcher needs of a service (a subset of ServiceDefinition). */
export interface SearchableService {
  id: string;
  name: SearchableText;
  summary: SearchableText;
  description?: SearchableText | undefined;
  synonyms: readonly string[];
  /**
   * Situations residents describe that this service helps with ("лежача бабуся", "виганяють з квартири"),
   * from data/catalog/situations.yaml (see ../situations.ts); `weight` is lower for a service that is not
   * the situation's main one, `label` names the situation in `explain`.
   */
  situations?: ReadonlyArray<{ text: string; weight: number; label: string; leads?: boolean | undefined }> | undefined;
}

/** The word lists of data/catalog/situations.yaml the index reads besides the services. */
export interface IndexWords {
  /** Words for a person and what the catalogue calls such a person (see people.ts). */
  people?: readonly PersonWords[] | undefined;
  /** Off-topic markers (продам, ремонт). */
  offTopic?: readonly string[] | undefined;
}

export type EntryKind = "name" | "synonym" | "situation" | "summary" | "description";

/** How much a word found in each kind of field counts (0..1). */
export interface FieldWeights {
  name: number;
  synonym: number;
  /** A situation of data/catalog/situations.yaml (times the situation's own weight for the service). */
  situation: number;
  summary: number;
  description: number;
  /**
   * Multiplier for the English version of a field. 1: an English name is as good evidence for an English
   * query as a Ukrainian name for a Ukrainian one (below 1, "home care" lost to the synonym "care home").
   */
  english: number;
}

export const DEFAULT_FIELD_WEIGHTS: FieldWeights = {
  name: 1,
  synonym: 1,
  situation: 1,
  summary: 0.6,
  description: 0.4,
  english: 1,
};

/**
 * A situation phrase of several words of which only one is a content word («перший клас», «в школу»)
 * counts this much: the writer meant the phrase, and its one word alone («клас», «школу») is everyday
 * language that says little by itself.
 */
export const ONE_WORD_SITUATION_FACTOR = 0.55;
/** Negations do not make a phrase of several words: «не встає», «без роботи» say their need in full. */
const NEGATIONS: ReadonlySet<string> = new Set(["не", "ні", "нет", "ни", "без", "no", "not", "cannot", "without"]);

/** Weight of a generic word (поставити, купити) inside a phrase, relative to a content word. */
export const LIGHT_WORD_FACTOR = 0.35;

/**
 * The text fields of a service for fuse.js: per field, its distinct folded content words in one text
 * (names in both languages, the rest in Ukrainian).
 */
export interface FuseDoc {
  name: string[];
  synonyms: string[];
  summary: string[];
  description: string[];
}

export interface IndexedService {
  id: string;
  fuseDoc: FuseDoc;
}

/** Longest stop-word-only synonym (in words) that is kept as a phrase. */
export const MAX_STOP_PHRASE_WORDS = 5;

/** The pseudo-stem of a phrase of stop words: the stems of its words (so -ся / -сь and the like meet). */
export function stopPhraseKey(phraseWords: readonly string[]): string {
  return `§${phraseWords.map(stem).join(" ")}`;
}

export class CatalogIndex {
  readonly services: IndexedService[] = [];
  /*
   * Entries (every name, synonym, summary and description with content words), stored flat so a large
   * catalogue costs a few typed arrays rather than hundreds of thousands of objects. Service `s` owns
   * entries `serviceEntryStart[s]` … `serviceEntryStart[s + 1] - 1`; entry `e` holds the stem ids
   * `entryStems[entryStemStart[e]]` … `entryStems[entryStemStart[e + 1] - 1]` (distinct).
   */
  serviceEntryStart: Int32Array = new Int32Array(1);
  entryStemStart: Int32Array = new Int32Array(1);
  entryStems: Int32Array = new Int32Array(0);
  /** Field weight of each entry (already including the English multiplier). */
  entryWeight: Float32Array = new Float32Array(0);
  /** 1 when the entry is a name or a synonym: covering all of one is strong evidence. */
  entryPhrase: Uint8Array = new Uint8Array(0);
  /** Sum of the entry's stem weights (see `stemWeight`). */
  entryTotal: Float32Array = new Float32Array(0);
  /** 1 when the entry is a phrase of a situation that `leads` and the service is its main one. */
  entryLeads: Uint8Array = new Uint8Array(0);
  /** Each entry's kind and text (the service's own strings), for `explain`. */
  entryKind: EntryKind[] = [];
  entryText: string[] = [];
  /** stem → stem id */
  readonly vocab = new Map<string, number>();
  /** Pseudo-stems of the synonyms made only of stop words (see `stopPhraseKey`). */
  readonly stopPhrases = new Set<string>();
  /** Stems of the first words of those synonyms (only there can a query contain one). */
  readonly stopPhraseFirst = new Set<string>();
  /** stem id → stem */
  readonly stems: string[] = [];
  /** Inverse document frequency of each stem (documents = services). */
  idf: Float64Array = new Float64Array(0);
  /**
   * Specificity of each stem counted over names, synonyms and situations only (0..1): a word that one
   * service's phrases use is specific to it even when other services' descriptions mention it.
   */
  phraseSpecificity: Float64Array = new Float64Array(0);
  /** `stemWeight` of each stem id. */
  stemWeights: Float64Array = new Float64Array(0);
  /** Whether each stem is a generic word. */
  light: Uint8Array = new Uint8Array(0);
  /** stem id → indices of the services containing it */
  postings: Int32Array[] = [];
  /** stem id → best field weight of the stem in each service of `postings` (same order) */
  postingWeights: Float32Array[] = [];
  /** stem ids sorted by their stem, for prefix look-ups */
  sortedStemIds: Int32Array = new Int32Array(0);
  /** The stems in that order (a binary search then reads one array, not two). */
  sortedStems: string[] = [];
  /** Fuzzy index over the stems and the folded word forms of the catalogue (a typo may sit in an ending). */
  fuzzy!: FuzzyIndex;
  /** fuzzy key id → stem id */
  fuzzyStem: Int32Array = new Int32Array(0);
  /** idf of a word the catalogue does not know (the rarest possible). */
  maxIdf = 1;
  /**
   * Stem of a word for a person (бабуся) → the catalogue stems it also means (доросл, літн), and after which
   * words only (null: always); see people.ts. Only stems the catalogue has are kept.
   */
  readonly personMeanings = new Map<
    string,
    ReadonlyArray<{ ids: readonly number[]; aloneIds: readonly number[]; after: ReadonlySet<string> | null; forms: ReadonlySet<string> | null }>
  >();

  /** 1 for the stem of an off-topic marker (продам, ремонт: data/catalog/situations.yaml `offTopic`). */
  offTopicMarker: Uint8Array = new Uint8Array(0);
  /** Stems of the off-topic markers: a query word with one of these marks the message as off-topic. */
  readonly offTopicStems: ReadonlySet<string>;

  constructor(
    services: readonly SearchableService[],
    readonly fieldWeights: FieldWeights = DEFAULT_FIELD_WEIGHTS,
    lists: IndexWords = {},
  ) {
    // Postings are built service by service, so "is this service already in the stem's list" is a look at
    // the list's last element.
    const postingSvcs: number[][] = [];
    const postingWts: number[][] = [];
    const serviceEntryStart: number[] = [0];
    const entryStemStart: number[] = [0];
    const entryStems: number[] = [];
    const entryWeight: number[] = [];
    const entryPhrase: number[] = [];
    const entryLeads: number[] = [];
    // Catalogues repeat words a lot: each distinct word is analysed once (its stem id, or -1 for a stop
    // word, and its folded form for fuse.js).
    const wordInfo = new Map<string, { id: number; folded: string }>();
    const textInfo = new Map<string, { ids: number[]; folded: string[] }>();
    /** folded word form → its stem id (the first one seen) */
    const surfaceStem = new Map<string, number>();

    const stemId = (s: string): number => {
      let id = this.vocab.get(s);
      if (id === undefined) {
        id = this.stems.length;
        this.vocab.set(s, id);
        this.stems.push(s);
        postingSvcs.push([]);
        postingWts.push([]);
      }
      return id;
    };
    /** Stem ids and folded forms of the distinct content words of a text. */
    const analyse = (text: string): { ids: number[]; folded: string[] } => {
      let info = textInfo.get(text);
      if (info) return info;
      const ids: number[] = [];
      const foldedWords: string[] = [];
      for (const w of words(text)) {
        let wi = wordInfo.get(w);
        if (!wi) {
          const content = w.length >= 2 && !isStopWord(w);
          wi = { id: content ? stemId(stem(w)) : -1, folded: fold(w) };
          wordInfo.set(w, wi);
          if (wi.id >= 0 && !surfaceStem.has(wi.folded)) surfaceStem.set(wi.folded, wi.id);
        }
        if (wi.id < 0) continue;
        if (!ids.includes(wi.id)) ids.push(wi.id);
        if (!foldedWords.includes(wi.folded)) foldedWords.push(wi.folded);
      }
      info = { ids, folded: foldedWords };
      textInfo.set(text, info);
      return info;
    };
    /** A field as fuse.js sees it: its distinct folded content words (stop words and repeats add nothing to scan). */
    const compact = (texts: ReadonlyArray<string | undefined>): string[] => {
      const seen = new Set<string>();
      for (const text of texts) if (text) for (const w of analyse(text).folded) seen.add(w);
      return seen.size ? [[...seen].join(" ")] : [];
    };

    let situationLabel = "";
    const phraseDf: number[] = [];
    const phraseLastSvc: number[] = [];
    services.forEach((service, svcIdx) => {
      const add = (kind: EntryKind, text: string | undefined, english: boolean, weightOverride?: number, leads = false): void => {
        if (!text) return;
        let { ids } = analyse(text);
        if (ids.length === 0 && (kind === "name" || kind === "synonym" || kind === "situation")) {
          // A synonym made only of stop words, one of them a request verb ("куди звернутися"), still names
          // its service: it becomes one pseudo-stem that a query matches by containing the whole phrase
          // (see `stopPhraseKey`). Function words alone ("для мене") never match anything.
          const ws = words(text);
          if (ws.length < 2 || ws.length > MAX_STOP_PHRASE_WORDS || !ws.some(isRequestWord)) return;
          const key = stopPhraseKey(ws);
          ids = [stemId(key)];
          this.stopPhrases.add(key);
          this.stopPhraseFirst.add(stem(ws[0]!));
        }
        if (ids.length === 0) return;
        let weight = weightOverride ?? fieldWeights[kind] * (english ? fieldWeights.english : 1);
        if (kind === "situation" && ids.length === 1 && !this.stopPhrases.has(this.stems[ids[0]!]!) && words(text).filter((w) => !NEGATIONS.has(w)).length > 1) {
          weight *= ONE_WORD_SITUATION_FACTOR;
        }
        for (const id of ids) entryStems.push(id);
        entryStemStart.push(entryStems.length);
        entryWeight.push(weight);
        entryPhrase.push(kind === "name" || kind === "synonym" || kind === "situation" ? 1 : 0);
        entryLeads.push(leads ? 1 : 0);
        this.entryKind.push(kind);
        this.entryText.push(kind === "situation" ? `${text} [${situationLabel}]` : text);
        if (kind === "name" || kind === "synonym" || kind === "situation") {
          for (const id of ids) {
            if (phraseLastSvc[id] !== svcIdx) {
              phraseLastSvc[id] = svcIdx;
              phraseDf[id] = (phraseDf[id] ?? 0) + 1;
            }
          }
        }
        for (const id of ids) {
          const svcs = postingSvcs[id]!;
          const wts = postingWts[id]!;
          const last = svcs.length - 1;
          if (last >= 0 && svcs[last] === svcIdx) {
            if (weight > wts[last]!) wts[last] = weight;
          } else {
            svcs.push(svcIdx);
            wts.push(weight);
          }
        }
      };
      add("name", service.name.uk, false);
      add("name", service.name.en, true);
      for (const s of service.synonyms) add("synonym", s, false);
      for (const situation of service.situations ?? []) {
        situationLabel = situation.label;
        add("situation", situation.text, false, fieldWeights.situation * situation.weight, situation.leads === true);
      }
      add("summary", service.summary.uk, false);
      add("summary", service.summary.en, true);
      add("description", service.description?.uk, false);
      add("description", service.description?.en, true);
      serviceEntryStart.push(entryWeight.length);
      this.services.push({
        id: service.id,
        fuseDoc: {
          name: compact([service.name.uk, service.name.en]),
          synonyms: compact(service.synonyms),
          // Only the Ukrainian summary and description: English ones would double fuse.js's work for little.
          summary: compact([service.summary.uk]),
          description: compact([service.description?.uk]),
        },
      });
    });

    const n = services.length;
    const nStems = this.stems.length;
    this.idf = new Float64Array(nStems);
    this.light = new Uint8Array(nStems);
    this.phraseSpecificity = new Float64Array(nStems);
    this.maxIdf = Math.log(1 + n);
    for (let id = 0; id < nStems; id++) {
      const svcs = postingSvcs[id]!;
      this.idf[id] = Math.log(1 + n / svcs.length);
      const df = phraseDf[id] ?? 0;
      this.phraseSpecificity[id] = (df > 0 ? Math.log(1 + n / df) : this.idf[id]!) / this.maxIdf;
      this.light[id] = LIGHT_STEMS.has(this.stems[id]!) ? 1 : 0;
      this.postings.push(Int32Array.from(svcs));
      this.postingWeights.push(Float32Array.from(postingWts[id]!));
    }

    this.serviceEntryStart = Int32Array.from(serviceEntryStart);
    this.entryStemStart = Int32Array.from(entryStemStart);
    this.entryStems = Int32Array.from(entryStems);
    this.entryWeight = Float32Array.from(entryWeight);
    this.entryPhrase = Uint8Array.from(entryPhrase);
    this.entryLeads = Uint8Array.from(entryLeads);
    this.entryTotal = new Float32Array(entryWeight.length);
    this.stemWeights = new Float64Array(nStems);
    for (let id = 0; id < nStems; id++) this.stemWeights[id] = this.stemWeight(id);
    for (let e = 0; e < entryWeight.length; e++) {
      let total = 0;
      for (let k = entryStemStart[e]!; k < entryStemStart[e + 1]!; k++) total += this.stemWeights[entryStems[k]!]!;
      this.entryTotal[e] = total;
    }

    this.sortedStemIds = Int32Array.from(
      [...this.stems.keys()].sort((a, b) => (this.stems[a]! < this.stems[b]! ? -1 : this.stems[a]! > this.stems[b]! ? 1 : 0)),
    );
    this.sortedStems = Array.from(this.sortedStemIds, (id) => this.stems[id]!);
    const fuzzyKeys = [...this.stems];
    const fuzzyStem = [...this.stems.keys()];
    for (const [surface, id] of surfaceStem) {
      if (this.vocab.has(surface)) continue;
      fuzzyKeys.push(surface);
      fuzzyStem.push(id);
    }
    this.fuzzy = new FuzzyIndex(fuzzyKeys);
    this.fuzzyStem = Int32Array.from(fuzzyStem);

    this.offTopicStems = new Set((lists.offTopic ?? []).flatMap((text) => words(text)).map(stem));
    this.offTopicMarker = new Uint8Array(nStems);
    for (const s of this.offTopicStems) {
      const id = this.vocab.get(s);
      if (id !== undefined) this.offTopicMarker[id] = 1;
    }
    for (const [word, meanings] of personMeanings(lists.people ?? [])) {
      const ids = (stems: readonly string[]): number[] => stems.map((s) => this.vocab.get(s)).filter((id): id is number => id !== undefined);
      const known = meanings
        .map((m) => ({ ids: ids(m.stems), aloneIds: ids(m.aloneStems), after: m.after, forms: m.forms }))
        .filter((m) => m.ids.length + m.aloneIds.length > 0);
      if (known.length > 0) this.personMeanings.set(word, known);
    }
  }

  /** The weight of a stem as a word of a phrase or a query: its idf, lowered for generic words. */
  stemWeight(id: number): number {
    return this.idf[id]! * (this.light[id] ? LIGHT_WORD_FACTOR : 1);
  }

  /** Ids of the stems that start with `prefix` (not equal to it), at most `limit`. */
  stemsWithPrefix(prefix: string, limit: number): number[] {
    const ids = this.sortedStemIds;
    const sorted = this.sortedStems;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let k = lo; k < ids.length && out.length < limit; k++) {
      const s = sorted[k]!;
      if (!s.startsWith(prefix)) break;
      if (s !== prefix) out.push(ids[k]!);
    }
    return out;
  }
}

function isText(value: string | undefined): value is string {
  return typeof value === "string" && value.length > 0;
}
