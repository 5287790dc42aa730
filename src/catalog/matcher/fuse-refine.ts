/**
 * The fuse.js view of scoring: fuse.js over the best candidates' folded fields, one search per query
 * token, with our field weights (names and synonyms above summary above description), which credits
 * approximate and partial-word matches the stem index does not see.
 */
import Fuse, { type FuseIndex, type IFuseOptions } from "fuse.js";
import type { CatalogIndex, FieldWeights, FuseDoc } from "./catalog-index.js";
import type { QueryToken } from "./query.js";
import { fold } from "./normalize.js";
import type { Memo } from "./cache.js";

/** fuse.js settings for the final fuzzy scoring over the candidates. */
function fuseOptions(fw: FieldWeights): IFuseOptions<FuseDoc> {
  return {
    keys: [
      { name: "name", weight: fw.name },
      { name: "synonyms", weight: fw.synonym },
      { name: "summary", weight: fw.summary },
      { name: "description", weight: fw.description },
    ],
    includeScore: true,
    ignoreLocation: true,
    ignoreFieldNorm: true,
    threshold: 0.22,
    shouldSort: false,
  };
}

/**
 * fuse.js credit (0..1) of each of `cands` for the tokens, or null when no query word is a plain word
 * (only stop phrases). `memo` remembers a service's score for a pattern between searches (null: none).
 */
export type FuseRefiner = (tokens: readonly QueryToken[], cands: readonly number[]) => Float64Array | null;

export function createFuseRefiner(index: CatalogIndex, fieldWeights: FieldWeights, memo: Memo<number> | null): FuseRefiner {
  const fOptions = fuseOptions(fieldWeights);
  const fuseDocs = index.services.map((s) => s.fuseDoc);
  // One fuse.js index for the whole catalogue, built once; each query searches a view of its candidates.
  const fullFuseIndex = Fuse.createIndex(fOptions.keys!, fuseDocs);
  const fuseKeys = fullFuseIndex.keys;
  const fuseRecords = fullFuseIndex.records;
  // One fuse.js instance, pointed at each query's candidates in turn (search is synchronous).
  const fuse = new Fuse<FuseDoc>([], fOptions);

  return (tokens, cands) => {
    const words = tokens.filter((t) => !isStopPhrase(t));
    const totalWeight = words.reduce((s, t) => s + t.weight, 0);
    if (totalWeight === 0) return null;
    const out = new Float64Array(cands.length);
    if (cands.length === 0) return out;
    // fuse.js's score of a service for a pattern depends on the two alone (no field norm, no location):
    // remembered, as `-1` where the service does not match at all.
    const remembered = memo ?? new Map<string, number>();
    const key = (svc: number, pattern: string): string => `${svc}\u0000${pattern}`;
    let viewSet = false;
    for (const t of words) {
      const pattern = fuzzyPattern(t);
      if (pattern.length < 3) continue;
      if (cands.some((svc) => remembered.get(key(svc, pattern)) === undefined)) {
        if (!viewSet) {
          const records = cands.map((svc, j) => ({ ...fuseRecords[svc]!, i: j }));
          const view: FuseIndex<FuseDoc> = Fuse.parseIndex<FuseDoc>({ keys: fuseKeys, records });
          fuse.setCollection(
            cands.map((svc) => fuseDocs[svc]!),
            view,
          );
          viewSet = true;
        }
        const found = new Float64Array(cands.length).fill(-1);
        for (const r of fuse.search(pattern)) found[r.refIndex] = r.score ?? 1;
        cands.forEach((svc, j) => remembered.set(key(svc, pattern), found[j]!));
      }
      cands.forEach((svc, j) => {
        const sc = remembered.get(key(svc, pattern))!;
        if (sc >= 0) out[j] = out[j]! + t.weight * (1 - sc);
      });
    }
    for (let j = 0; j < out.length; j++) out[j] = out[j]! / totalWeight;
    return out;
  };
}

function isStopPhrase(t: QueryToken): boolean {
  return t.stem.startsWith("§");
}

/** What fuse.js looks for: the stem when it is long enough (word forms then cost no errors), else the folded word. */
function fuzzyPattern(t: QueryToken): string {
  return t.stem.length >= 4 ? t.stem : fold(t.word);
}
