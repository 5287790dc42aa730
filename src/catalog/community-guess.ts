import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { fold, words } from "./matcher/normalize.ts";

/**
 * Which community a typed message names: «житомир», «Житомир», «я с житомира», «Vinnytsia». The
 * catalogue's own names count, and data/dialogue/communities.yaml adds other spellings. A word counts
 * when it starts with a name's stem (the name without its last vowel, so any case ending fits), with
 * one letter forgiven in stems of six letters or more. Nothing is guessed when two communities fit.
 */

export const COMMUNITY_NAMES_FILE = new URL("../../data/dialogue/communities.yaml", import.meta.url);

const fileSchema = z
  .object({
    fillers: z.array(z.string()).default([]),
    /** Towns the bot does not serve: their name as residents read it → other spellings. */
    elsewhere: z.record(z.string(), z.array(z.string())).default({}),
  })
  .catchall(z.array(z.string()));

export interface CommunityGuess {
  communityId: string;
  /** The message's words other than the place name and words that come with it: a need, if any. */
  rest: string[];
}

const stemOf = (name: string) => {
  const key = fold(name.toLocaleLowerCase("uk"));
  return key.length > 4 ? key.replace(/[аяеиоуюь]$/u, "") : key;
};

/**
 * A name's stem, with what its one-slip spellings start with, made once: each word of each message is
 * compared with every stem (~70 with the towns not served), so that comparison allocates nothing but
 * two prefixes of the word.
 */
interface Stem {
  stem: string;
  /** The stem with one letter missing («житомр»), for stems of seven letters or more. */
  missing: ReadonlySet<string>;
  /** The stem with two neighbouring letters swapped («житмоир»), for stems of seven letters or more. */
  swapped: ReadonlySet<string>;
}

function stemFor(name: string): Stem {
  const stem = stemOf(name);
  const missing = new Set<string>();
  const swapped = new Set<string>();
  if (stem.length >= 7) {
    for (let i = 0; i < stem.length; i++) {
      missing.add(stem.slice(0, i) + stem.slice(i + 1));
      if (i + 1 < stem.length) swapped.add(stem.slice(0, i) + stem[i + 1] + stem[i] + stem.slice(i + 2));
    }
  }
  return { stem, missing, swapped };
}

/** Whether the word's first `stem.length` letters are the stem's but for at most one. */
function withinOne(key: string, stem: string): boolean {
  let differences = 0;
  for (let i = 0; i < stem.length; i++) if (key.charCodeAt(i) !== stem.charCodeAt(i) && ++differences > 1) return false;
  return true;
}

/** Whether the word's first `stem.length + 1` letters are the stem with one letter more («житомиир»). */
function oneMore(key: string, stem: string): boolean {
  let at = 0;
  while (at < stem.length && key.charCodeAt(at) === stem.charCodeAt(at)) at++;
  for (let i = at; i < stem.length; i++) if (key.charCodeAt(i + 1) !== stem.charCodeAt(i)) return false;
  return true;
}

/**
 * Whether a word of the message is the name with this stem: it starts with the stem (any ending), with
 * one letter forgiven in stems of six letters or more, and one letter missing, added or swapped in
 * stems of seven or more («житомр»: shorter stems are too near ordinary words).
 */
function names(key: string, { stem, missing, swapped }: Stem): boolean {
  const length = stem.length;
  if (key.length - length > 3) return false;
  if (key.length >= length && (key.startsWith(stem) || (length >= 6 && withinOne(key, stem)))) return true;
  if (length < 7 || key.length < length - 1) return false;
  if (missing.has(key.slice(0, length - 1))) return true; // a letter missing
  if (key.length < length) return false;
  return swapped.has(key.slice(0, length)) || (key.length > length && oneMore(key, stem)); // two swapped, or one more
}

/** A town the bot does not serve, named in a message (see CommunityGuesser.elsewhere). */
export interface ElsewhereGuess {
  /** The town's name as residents read it (the data file's key), and in Latin letters if the file gives one. */
  place: string;
  latin?: string;
  rest: string[];
}

export class CommunityGuesser {
  private readonly stems: Array<{ communityId: string; stem: Stem }> = [];
  private readonly elsewhereStems: Array<{ place: string; latin?: string; stem: Stem }> = [];
  private readonly fillers: Set<string>;

  constructor(
    communities: Iterable<{ id: string; names: string[] }>,
    extra: Record<string, string[]> = {},
    fillers: string[] = [],
    elsewhere: Record<string, string[]> = {},
  ) {
    const oneWord = (name: string) => words(name).length === 1; // «Житомир», not «Житомирська громада»
    for (const community of communities) {
      for (const name of [...community.names, community.id, ...(extra[community.id] ?? [])]) {
        if (oneWord(name)) this.stems.push({ communityId: community.id, stem: stemFor(name) });
      }
    }
    for (const [place, spellings] of Object.entries(elsewhere)) {
      const latin = spellings.find((spelling) => /^[a-z][a-z' -]*$/i.test(spelling));
      for (const name of [place, ...spellings]) {
        if (oneWord(name)) this.elsewhereStems.push({ place, ...(latin ? { latin } : {}), stem: stemFor(name) });
      }
    }
    this.fillers = new Set(fillers.flatMap((filler) => words(filler).map(fold)));
  }

  static load(communities: Iterable<{ id: string; names: string[] }>, file: URL | string = COMMUNITY_NAMES_FILE): CommunityGuesser {
    const data = fileSchema.parse(parse(readFileSync(file, "utf8")) ?? {});
    const { fillers, elsewhere, ...extra } = data;
    return new CommunityGuesser(communities, extra as Record<string, string[]>, fillers, elsewhere);
  }

  guess(text: string): CommunityGuess | undefined {
    const keys = words(text.slice(0, 500)).map(fold);
    const found = new Set<string>();
    const rest: string[] = [];
    for (const key of keys) {
      const hit = this.stems.find(({ stem }) => names(key, stem));
      if (hit) found.add(hit.communityId);
      else if (!this.fillers.has(key)) rest.push(key);
    }
    if (found.size !== 1) return undefined;
    return { communityId: [...found][0]!, rest };
  }

  /**
   * A town the bot does not serve («Бердичів», «из Бердичева»), when the message names no community
   * it serves: asked for the community, the resident named theirs, and it is not (yet) here.
   */
  elsewhere(text: string): ElsewhereGuess | undefined {
    const keys = words(text.slice(0, 500)).map(fold);
    let hit: { place: string; latin?: string } | undefined;
    const rest: string[] = [];
    for (const key of keys) {
      if (this.stems.some(({ stem }) => names(key, stem))) return undefined;
      const place = this.elsewhereStems.find(({ stem }) => names(key, stem));
      if (place && hit && place.place !== hit.place) return undefined; // two towns: which one is not known
      if (place) hit = place;
      else if (!this.fillers.has(key)) rest.push(key);
    }
    return hit ? { place: hit.place, ...(hit.latin ? { latin: hit.latin } : {}), rest } : undefined;
  }
}
