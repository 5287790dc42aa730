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

const fileSchema = z.object({ fillers: z.array(z.string()).default([]) }).catchall(z.array(z.string()));

export interface CommunityGuess {
  communityId: string;
  /** The message's words other than the place name and words that come with it: a need, if any. */
  rest: string[];
}

const stemOf = (name: string) => {
  const key = fold(name);
  return key.length > 4 ? key.replace(/[аяеиоуюь]$/u, "") : key;
};

function withinOne(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  let differences = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++differences > 1) return false;
  return true;
}

export class CommunityGuesser {
  private readonly stems: Array<{ communityId: string; stem: string }> = [];
  private readonly fillers: Set<string>;

  constructor(communities: Iterable<{ id: string; names: string[] }>, extra: Record<string, string[]> = {}, fillers: string[] = []) {
    for (const community of communities) {
      const all = [...community.names, community.id, ...(extra[community.id] ?? [])];
      for (const name of all) {
        const keys = words(name).map(fold);
        if (keys.length !== 1) continue; // one-word names only: «Житомир», not «Житомирська громада»
        this.stems.push({ communityId: community.id, stem: stemOf(name) });
      }
    }
    this.fillers = new Set(fillers.flatMap((filler) => words(filler).map(fold)));
  }

  static load(communities: Iterable<{ id: string; names: string[] }>, file: URL | string = COMMUNITY_NAMES_FILE): CommunityGuesser {
    const data = fileSchema.parse(parse(readFileSync(file, "utf8")) ?? {});
    const { fillers, ...extra } = data;
    return new CommunityGuesser(communities, extra as Record<string, string[]>, fillers);
  }

  guess(text: string): CommunityGuess | undefined {
    const keys = words(text.slice(0, 500)).map(fold);
    const found = new Set<string>();
    const rest: string[] = [];
    for (const key of keys) {
      const hit = this.stems.find(({ stem }) =>
        key.length >= stem.length && key.length - stem.length <= 3 && (key.startsWith(stem) || (stem.length >= 6 && withinOne(key.slice(0, stem.length), stem))),
      );
      if (hit) found.add(hit.communityId);
      else if (!this.fillers.has(key)) rest.push(key);
    }
    if (found.size !== 1) return undefined;
    return { communityId: [...found][0]!, rest };
  }
}
