/**
 * The bound that lets the matcher skip a message part (src/catalog/matcher/bounds.ts) must never be under
 * the score the part's best service actually gets: otherwise a second need would be lost. Checked over the
 * parts of the dev queries and stories (when ../shared is present) and of messages written here, with and
 * without the off-topic factor, against the real catalogue and its situations.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { servicesFileSchema } from "../../src/catalog/schema.js";
import { loadSituations, withSituations } from "../../src/catalog/situations.js";
import { CatalogIndex } from "../../src/catalog/matcher/catalog-index.js";
import { analyzeQuery, newReadingMemo } from "../../src/catalog/matcher/query.js";
import { CandidateSelector } from "../../src/catalog/matcher/candidates.js";
import { createFuseRefiner } from "../../src/catalog/matcher/fuse-refine.js";
import { createScorer } from "../../src/catalog/matcher/scoring.js";
import { ScoreBound } from "../../src/catalog/matcher/bounds.js";
import { messageParts } from "../../src/catalog/matcher/parts.js";
import { DEFAULT_OPTIONS, normaliseWeights } from "../../src/catalog/matcher/options.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const OWN_MESSAGES = [
  "Добрий день, вибачте що турбую. Мені 82 роки, живу сама, ходити важко. Хто б мені приніс продукти і прибрав у квартирі?",
  "Пишу за тата: він лежачий після інсульту, потрібні памперси для дорослих, а ще доглядальниця",
  "я переселенка з харкова, потрібні гроші, продукти і де жити",
  "мене виганяють з квартири, куди йти; маю дитину з інвалідністю та борги за комуналку",
  "соціальне таксі до лікарні і психолог для дитини",
  "продам гараж, а також ремонт пральної машини",
  "ремонт житла після обстрілу, вибило вікна, а ще памперси для бабусі",
  "зроблю ремонт після обстрілу недорого",
];

function readQueries(name: string): string[] {
  const path = resolve(repoRoot, "../shared/eval", name);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as Array<{ q: string }>).map((d) => d.q) : [];
}

describe("the bound of a message part's score", () => {
  const catalogue = servicesFileSchema.parse(parse(readFileSync(resolve(repoRoot, "data/catalog/services.yaml"), "utf8")));
  const situations = loadSituations(undefined, new Set(catalogue.services.map((s) => s.id)));
  const opts = DEFAULT_OPTIONS;
  const sw = normaliseWeights(opts.scoreWeights);
  const index = new CatalogIndex(withSituations(catalogue.services, situations), opts.fieldWeights, { people: situations.people, offTopic: situations.offTopic });
  const scorer = createScorer(index, opts, sw, new CandidateSelector(index, opts.candidateLimit), createFuseRefiner(index, opts.fieldWeights, null));
  const bound = new ScoreBound(index, opts, sw);
  const unknownWeight = opts.unknownWordWeight * index.maxIdf;
  const messages = [...OWN_MESSAGES, ...readQueries("dev-queries.json"), ...readQueries("dev-stories.json")];

  it("is never under the best score of the part, and rules out most parts that cannot pass", () => {
    let checked = 0;
    let hopeless = 0;
    let ruledOut = 0;
    for (const message of messages) {
      const memo = newReadingMemo();
      const { long } = analyzeQuery(index, message, unknownWeight, memo);
      for (const text of [message, ...messageParts(message)]) {
        const { tokens } = analyzeQuery(index, text, unknownWeight, memo, long || undefined);
        if (tokens.length === 0) continue;
        for (const offTopic of [0, 1, 2]) {
          const best = Math.max(0, ...scorer.score(tokens, false, offTopic, false).map((c) => c.score));
          const limit = bound.bestPossible(tokens, offTopic);
          expect(limit, `${text} (off-topic: ${offTopic})`).toBeGreaterThanOrEqual(best - 1e-9);
          checked++;
          if (best < opts.threshold) {
            hopeless++;
            if (limit < opts.threshold) ruledOut++;
          }
        }
      }
    }
    console.log(`[matcher bounds] ${checked} texts checked; ${ruledOut} of ${hopeless} that cannot pass ruled out by the bound`);
    expect(checked).toBeGreaterThan(20);
    expect(ruledOut).toBeGreaterThan(0);
  });
});
