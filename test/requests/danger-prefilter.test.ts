import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { detectDanger, detectDangerUnfiltered } from "../../src/requests/danger.ts";
import { literalsOf } from "../../src/requests/danger-literals.ts";

/**
 * detectDanger's prefilter (issue 19) reads each rule's required literals and tests only the rules a
 * message's literals name. It must never change an answer: a rule dropped by a wrong literal would miss
 * danger. Every phrase of the danger tests and sets, the evaluation's queries and stories, and each of
 * their word-by-word halves are read with and without the prefilter.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const quoted = (file: string) => [...readFileSync(path.join(here, file), "utf8").matchAll(/"((?:[^"\\\n]|\\.)*)"/g)].map((match) => match[1]!.replace(/\\(.)/g, "$1"));
const set = JSON.parse(readFileSync(path.join(here, "fixtures/danger-set.json"), "utf8")) as { danger: Array<{ text: string }>; nearMisses: string[]; batchNearMisses?: Record<string, string[]> };
const evalTexts = (file: string) => quoted(path.join("../../../shared/eval", file)).filter((text) => text.includes(" "));
const phrases = [
  ...set.danger.map(({ text }) => text),
  ...set.nearMisses,
  ...Object.values(set.batchNearMisses ?? {}).flat(),
  ...quoted("danger.test.ts"),
  ...quoted("danger-indirect.test.ts"),
  ...evalTexts("dev-queries.json"),
  ...evalTexts("dev-stories.json"),
];
/** Each phrase, and its first and last words (rules at a text's very start or end: `^`, `$`). */
const texts = [...new Set(phrases.flatMap((text) => {
  const words = text.split(/\s+/);
  const half = Math.ceil(words.length / 2);
  return [text, words.slice(0, half).join(" "), words.slice(half).join(" ")];
}))];

describe("detectDanger's prefilter", () => {
  it("gives the same kinds as reading every rule, on every phrase of the danger tests and the evaluation", () => {
    expect(texts.length).toBeGreaterThan(1_000);
    const found = texts.filter((text) => detectDangerUnfiltered(text).length > 0);
    expect(found.length).toBeGreaterThan(300);
    const differ = texts.filter((text) => JSON.stringify(detectDanger(text)) !== JSON.stringify(detectDangerUnfiltered(text)));
    expect(differ).toEqual([]);
  });
});

describe("literalsOf", () => {
  /** Every sample the expression matches holds one of the literals. */
  const holds = (source: string, samples: string[]) => {
    const literals = literalsOf(source)!;
    for (const sample of samples.filter((text) => new RegExp(source, "u").test(text))) expect(literals.some((literal) => sample.includes(literal)), sample).toBe(true);
    return literals;
  };

  it("joins a word's start to the space before it", () => {
    expect(holds(" (?:по)?(?:бе|бют)(?= )", [" бе ", " побют ", " мене побе "]).sort()).toEqual([" бе", " бют", " побе", " побют"]);
  });

  it("keeps the most selective piece of a sequence", () => {
    expect(holds(" мене(?: \\S+){0,1} (?:бе|бют)", [" мене бе", " мене вже бют"])).toEqual([" мене"]);
    // « щоб» and « чтобы» with what follows them (up to the length that counts), not « хоч»: longer.
    expect(holds(" [хг]оч\\S* (?:щоб|чтобы) все", [" хочу щоб все", " гочеш чтобы все"]).map((literal) => literal.split(" ")[1])).toEqual(["щоб", "чтобы"]);
  });

  it("says nothing when a piece may be empty or anything", () => {
    expect(literalsOf("\\S*")).toBeUndefined();
    expect(literalsOf("(?:а|б)?")).toBeUndefined();
    expect(literalsOf("(?:а|\\S+)")).toBeUndefined();
  });

  it("reads classes, repeats and lookarounds", () => {
    expect(holds("с[иы]н(?! війн)", ["син", "сын", "сина"])).toEqual(["син", "сын"]);
    expect(holds("kil+s", ["kils", "kills"])).toEqual(["kil"]);
    expect(holds("(?<! it )hits? me", [" hit me", " hits me"]).sort()).toEqual(["hit me", "hits me"]);
  });
});
