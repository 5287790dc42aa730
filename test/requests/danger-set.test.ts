import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DANGER_KINDS, detectDanger, loadDangerSignals, type DangerKind } from "../../src/requests/danger.ts";

/**
 * The danger set (test/requests/fixtures/danger-set.json): indirect danger as residents write it, and
 * near-misses that are not danger (fear of paperwork, a sick cat, a son missing at the front). Prints
 * recall and false alarms; issue 14 asks recall ≥ 0.95 and at most 1 false alarm in 20 near-misses.
 */
interface DangerSet {
  /** `batch` names messages written later, without looking at the rules, to see whether they generalise. */
  danger: Array<{ text: string; kinds: DangerKind[]; batch?: string }>;
  nearMisses: string[];
  /** Near-misses of each later batch. */
  batchNearMisses?: Record<string, string[]>;
}
const here = path.dirname(fileURLToPath(import.meta.url));
const file = JSON.parse(readFileSync(path.join(here, "fixtures/danger-set.json"), "utf8")) as DangerSet;
const set = { danger: file.danger, nearMisses: [...file.nearMisses, ...Object.values(file.batchNearMisses ?? {}).flat()] };
const isMissed = ({ text, kinds }: { text: string; kinds: DangerKind[] }) => {
  const found = detectDanger(text);
  return !kinds.some((kind) => found.includes(kind));
};

describe("the danger set", () => {
  it("has at least 60 messages, at least 20 of them near-misses, every expected kind a real one", () => {
    expect(set.danger.length + set.nearMisses.length).toBeGreaterThanOrEqual(60);
    expect(set.nearMisses.length).toBeGreaterThanOrEqual(20);
    for (const { kinds } of set.danger) for (const kind of kinds) expect(DANGER_KINDS).toContain(kind);
  });

  it("finds danger said indirectly (recall ≥ 0.95) and rarely cries wolf (≤ 1 false alarm in 20 near-misses)", () => {
    const missed = set.danger.filter(isMissed);
    const falseAlarms = set.nearMisses.filter((text) => detectDanger(text).length > 0);
    const recall = (set.danger.length - missed.length) / set.danger.length;
    console.log(
      `danger set: recall ${recall.toFixed(3)} (${set.danger.length - missed.length}/${set.danger.length} found, kind right); ` +
        `false alarms ${falseAlarms.length}/${set.nearMisses.length} near-misses`,
    );
    for (const [batch, nearMisses] of Object.entries(file.batchNearMisses ?? {})) {
      const danger = set.danger.filter((message) => message.batch === batch);
      const found = danger.filter((message) => !isMissed(message)).length;
      const alarms = nearMisses.filter((text) => detectDanger(text).length > 0).length;
      console.log(`batch ${batch}: recall ${(found / danger.length).toFixed(3)} (${found}/${danger.length}); false alarms ${alarms}/${nearMisses.length}`);
    }
    if (missed.length > 0) console.log("missed:", missed.map(({ text }) => text));
    if (falseAlarms.length > 0) console.log("false alarms:", falseAlarms);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    expect(falseAlarms.length).toBeLessThanOrEqual(Math.floor(set.nearMisses.length / 20));
  });
});

describe("the signals file", () => {
  const write = (yaml: string) => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "signals-")), "signals.yaml");
    writeFileSync(file, yaml);
    return file;
  };

  it("compiles plain Ukrainian words (folded like the message), groups, gaps and * endings", () => {
    const file = write(`groups:\n  who: [чоловік, сожител*]\nkinds:\n  violence:\n    cyrillic: ['\\b{who} {gap:1} б''є\\b']\n`);
    const [violence] = loadDangerSignals(file);
    expect(violence?.kind).toBe("violence");
    expect(violence?.cyrillic.any?.test(" чоловик знову бе ")).toBe(true);
    expect(violence?.cyrillic.any?.test(" сожителем бе ")).toBe(true);
    expect(violence?.cyrillic.any?.test(" чоловик бере ")).toBe(false);
  });

  it("refuses a rule naming a group that does not exist, and a kind the bot has no answer for", () => {
    expect(() => loadDangerSignals(write(`groups:\n  a: [x]\nkinds:\n  violence:\n    cyrillic: ['\\b{missing}']\n`))).toThrow(/unknown group \{missing\}/);
    expect(() => loadDangerSignals(write(`groups:\n  a: [x]\nkinds:\n  flood:\n    cyrillic: ['\\bx']\n`))).toThrow(/kinds/);
  });
});
