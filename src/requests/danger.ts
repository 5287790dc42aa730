import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { z } from "zod";
import { fold, normalizeText } from "../catalog/matcher/normalize.ts";
import { transliterateFirst } from "../catalog/matcher/transliterate.ts";
import { LITERAL_MAX, literalScore, literalsOf } from "./danger-literals.ts";

/**
 * Recognises messages that signal danger, so the bot shows emergency numbers before anything else.
 * Errs on the side of showing them: a false alarm costs a resident one extra message, a miss may cost
 * far more. Works on Ukrainian, Russian, surzhyk, Latin transliteration and English.
 *
 * The words live in data/danger/signals.yaml (word groups a social worker can read and extend, and the
 * rules that combine them); this module compiles that file once, at first use, into one regular expression
 * per kind and per script. How it reads a message:
 * - Cyrillic rules run on the *danger key* of every word (see `dangerKey`): `fold` (і/ї→и, є/ё/э→е,
 *   ґ→г, ь/ъ and apostrophes dropped, doubled letters merged), except that ы stays ы — folding it into и
 *   turns Russian «был» (was) into «бил» (beat). The Cyrillic letters of the rules are folded the same
 *   way at load, so the data file is written in plain Ukrainian and Russian. The rules also run on a
 *   Cyrillic reading of the Latin words ("mene pobyly" → «мене побили»).
 * - English rules run on the normalized text (lower case, no punctuation, nothing folded).
 * - A verb is matched as a whole word: "бе" (б'є) must not match без, бере, беженец. `\b` marks a word
 *   boundary in any script (see `compile`; JavaScript's own \b knows only Latin letters).
 * - Gaps between words are bounded (`{gap:N}`), never `.*`: detectDanger runs on every message.
 */
export const DANGER_KINDS = ["suicide", "self-harm", "medical", "violence", "child", "fear", "no-shelter"] as const;
export type DangerKind = (typeof DANGER_KINDS)[number];

export const DEFAULT_SIGNALS_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/danger/signals.yaml");

// ── the data file ───────────────────────────────────────────────────────────────────────────────────

const patternList = z.union([z.string(), z.array(z.string())]).transform((value) => (typeof value === "string" ? [value] : value));
/** A rule: one pattern, or patterns that must all be in the message and others that must not. */
const ruleSchema = z.union([
  z.string().min(1),
  z.object({ all: patternList, unless: patternList.optional() }).strict(),
]);
const kindSchema = z
  .object({
    cyrillic: z.array(ruleSchema).default([]),
    english: z.array(ruleSchema).default([]),
    /** Kinds that, when found, make this one redundant (fear is said by the violence answer already). */
    quiet_when: z.array(z.enum(DANGER_KINDS)).default([]),
  })
  .strict();
const signalsSchema = z
  .object({
    groups: z.record(z.string().regex(/^[a-z_]+$/), z.array(z.union([z.string(), z.number()]).transform(String)).min(1)),
    kinds: z.partialRecord(z.enum(DANGER_KINDS), kindSchema),
  })
  .strict();
type Signals = z.infer<typeof signalsSchema>;
type Rule = z.infer<typeof ruleSchema>;

/** Cyrillic letters (with the apostrophes inside words) of a pattern: folded like the message's words. */
const CYRILLIC_RUN = /[\u0400-\u04FF\u0027\u2019\u02BC]+/gu;

/**
 * A pattern of the data file as a regular-expression source: `{group}` → its words as alternatives,
 * ` {gap:N} ` → up to N words, `*` → any ending of the word; in Cyrillic patterns, the letters folded.
 */
function expand(pattern: string, groups: Signals["groups"], cyrillic: boolean, seen: string[] = []): string {
  let source = pattern
    .replace(/ ?\{gap:(\d+)\} ?/g, (_, max: string) => String.raw`(?: \S+){0,${max}} `)
    .replace(/\{([a-z_]+)\}/g, (_, name: string) => {
      const words = groups[name];
      if (!words) throw new Error(`danger signals: unknown group {${name}} in ${JSON.stringify(pattern)}`);
      if (seen.includes(name)) throw new Error(`danger signals: group {${name}} refers to itself`);
      return `(?:${words.map((word) => expand(word, groups, cyrillic, [...seen, name])).join("|")})`;
    });
  if (seen.length === 0) source = source.replace(/(?<!\\S)\*/g, String.raw`\S*`);
  return cyrillic ? source.replace(CYRILLIC_RUN, (run) => dangerKey(run.replace(/[\u0027\u2019\u02BC]/g, ""))) : source;
}

// ── matching ────────────────────────────────────────────────────────────────────────────────────────

/**
 * One regular expression for a list of patterns (one scan of the text instead of one per pattern).
 *
 * Every text we test is a padded sequence of words (" мене бє чоловик "): letters and digits (any script)
 * separated by single spaces, with a space at each end. So a word boundary is simply a space, whatever the
 * alphabet: a pattern's leading `\b` becomes the space before its first word (a literal, which lets the
 * engine skip straight to word starts — a lookbehind there made detection ~20 times slower), and every
 * other `\b` ends a word: a lookahead for the space after it.
 */
function compile(patterns: string[]): RegExp {
  return new RegExp(patterns.map((pattern) => `(?:${compiledBody(pattern)})`).join("|"), "u");
}

/** A pattern as `compile` writes it: its leading `\b` a space, every other `\b` a lookahead for one. */
function compiledBody(pattern: string): string {
  const body = pattern.startsWith(String.raw`\b`) ? ` ${pattern.slice(2)}` : pattern;
  if (/[|(]\\b/.test(body)) throw new Error(`danger: a \\b may only start a pattern or end a word: ${pattern}`);
  return body.replaceAll(String.raw`\b`, "(?= )");
}


interface CompiledRule {
  all: RegExp[];
  unless: RegExp[];
}
interface Matcher {
  /** Every plain rule as one expression (one scan of the text). */
  any?: RegExp;
  /** Rules with `all` / `unless`, tested one by one. */
  combined: CompiledRule[];
}
interface KindMatcher {
  kind: DangerKind;
  cyrillic: Matcher;
  english: Matcher;
  quietWhen: DangerKind[];
}

function matcher(rules: Rule[], groups: Signals["groups"], cyrillic: boolean): Matcher {
  const source = (pattern: string) => expand(pattern, groups, cyrillic);
  const plain = rules.filter((rule): rule is string => typeof rule === "string").map(source);
  const combined = rules
    .filter((rule) => typeof rule !== "string")
    .map((rule) => ({ all: rule.all.map((p) => compile([source(p)])), unless: (rule.unless ?? []).map((p) => compile([source(p)])) }));
  return { ...(plain.length > 0 ? { any: compile(plain) } : {}), combined };
}

/**
 * The prefilter of one script (issue 19): which rules a text may match, by the literals each rule's
 * matches must hold (see danger-literals.ts). Almost no message signals danger, and most hold none of
 * the literals: a message costs a look-up per word (and per character for the few literals that may
 * start inside a word) instead of a scan by ~33 KB of alternatives, whose compiled code the rest of an
 * update evicts from the processor's caches. The few rules a message's literals name are then tested
 * alone, each with its `all` and `unless` patterns: what they match is the message's kinds.
 */
interface Prefilter {
  /** Literals that start a word (the space before them dropped), by their first two letters (`pairKey`). */
  starts: Map<number, Literal[]>;
  /** Literals that may start anywhere (rules without `\b` at their start, «насил»), the same way. */
  anywhere: Map<number, Literal[]>;
  /** Characters below ANYWHERE_CHARS that start a literal of `anywhere` (1), so most of a text's are passed by. */
  anywhereFirst: Uint8Array;
  /** Rules with no literal of two characters or more: always tested. */
  always: number[];
  /** Each rule as expressions that must all match for the rule to match (its `all` patterns, or itself). */
  rules: RegExp[][];
  /** Each rule's `unless` patterns (none for a plain rule). */
  unless: RegExp[][];
  /** Each rule's kind. */
  kinds: DangerKind[];
}
interface Literal {
  /** Up to LITERAL_MAX characters. */
  text: string;
  rules: number[];
}

/** Latin and Cyrillic: the characters `Prefilter.anywhereFirst` knows (the others are looked up). */
const ANYWHERE_CHARS = 0x500;

/** A number for two characters: a Map looks it up without making or hashing a string. */
const pairKey = (text: string, at: number) => text.charCodeAt(at) * 65_536 + text.charCodeAt(at + 1);

function prefilterOf(rules: Rule[], kinds: DangerKind[], groups: Signals["groups"], cyrillic: boolean): Prefilter {
  const starts = new Map<number, Literal[]>();
  const anywhere = new Map<number, Literal[]>();
  const always: number[] = [];
  const add = (map: Map<number, Literal[]>, text: string, rule: number) => {
    const list = map.get(pairKey(text, 0)) ?? [];
    const literal = list.find((one) => one.text === text) ?? { text, rules: [] };
    if (!list.includes(literal)) list.push(literal);
    if (!literal.rules.includes(rule)) literal.rules.push(rule);
    map.set(pairKey(text, 0), list);
  };
  const compiled = rules.map((rule, index) => {
    const sources = (typeof rule === "string" ? [rule] : rule.all).map((pattern) => expand(pattern, groups, cyrillic));
    // The most selective of the patterns that must all match (danger-literals.ts's `literalScore`).
    const literals = sources.map((source) => literalsOf(compiledBody(source))).reduce((a, b) => (literalScore(b) > literalScore(a) ? b : a), undefined);
    const keys = literals?.map((literal) => (literal.startsWith(" ") ? { start: true, text: literal.slice(1, LITERAL_MAX + 1) } : { start: false, text: literal.slice(0, LITERAL_MAX) }));
    if (!keys || keys.some(({ text }) => text.length < 2)) always.push(index);
    else for (const { start, text } of keys) add(start ? starts : anywhere, text, index);
    return sources.map((source) => compile([source]));
  });
  const unless = rules.map((rule) => (typeof rule === "string" ? [] : (rule.unless ?? []).map((pattern) => compile([expand(pattern, groups, cyrillic)]))));
  const anywhereFirst = new Uint8Array(ANYWHERE_CHARS);
  for (const list of anywhere.values()) for (const { text } of list) if (text.charCodeAt(0) < ANYWHERE_CHARS) anywhereFirst[text.charCodeAt(0)] = 1;
  return { starts, anywhere, anywhereFirst, always, rules: compiled, unless, kinds };
}

/** Adds to `found` the kinds of the rules (of kinds not found yet) that the padded text (" мене бє ") matches. */
function matchRules({ rules, unless, kinds }: Prefilter, ids: readonly number[], text: string, found: Set<DangerKind>): void {
  for (const id of ids) {
    if (found.has(kinds[id]!)) continue;
    const all = rules[id]!;
    let matched = true;
    for (let i = 0; matched && i < all.length; i++) matched = all[i]!.test(text);
    for (let i = 0; matched && i < unless[id]!.length; i++) matched = !unless[id]![i]!.test(text);
    if (matched) found.add(kinds[id]!);
  }
}

/** Adds to `found` the kinds of the rules the padded text matches: only the rules its literals name are tested. */
function findKinds(prefilter: Prefilter, text: string, found: Set<DangerKind>): void {
  const { starts, anywhere, anywhereFirst, always } = prefilter;
  if (always.length > 0) matchRules(prefilter, always, text, found);
  const last = text.length - 2;
  // Every word starts after a space, and the text ends with one (see `padded`): `at` only grows.
  for (let at = 1; at > 0 && at <= last; at = text.indexOf(" ", at) + 1) {
    const list = starts.get(pairKey(text, at));
    if (list) for (const literal of list) if (text.startsWith(literal.text, at)) matchRules(prefilter, literal.rules, text, found);
  }
  if (anywhere.size === 0) return;
  for (let at = 0; at <= last; at++) {
    const char = text.charCodeAt(at);
    if (char < ANYWHERE_CHARS && anywhereFirst[char] === 0) continue;
    const list = anywhere.get(pairKey(text, at));
    if (list) for (const literal of list) if (text.startsWith(literal.text, at)) matchRules(prefilter, literal.rules, text, found);
  }
}

/**
 * The compiled signals: each script's prefilter (see `Prefilter`), which compiles and so checks every
 * rule; each kind's `quiet_when`; and each kind's rules read kind by kind, made only when asked
 * (`detectDangerUnfiltered`, `loadDangerSignals`: tests), since detection goes by the prefilter.
 */
interface DangerSignals {
  kinds: Array<Pick<KindMatcher, "kind" | "quietWhen">>;
  byKind: () => KindMatcher[];
  cyrillic: Prefilter;
  english: Prefilter;
}

/** Reads and compiles a signals file, each kind's rules as its own expressions; throws (naming the problem) when a rule is wrong. */
export function loadDangerSignals(file = DEFAULT_SIGNALS_FILE): KindMatcher[] {
  return compileDangerSignals(file).byKind();
}

/** Reads a signals file and compiles each script's prefilter; throws (naming the problem) when a rule is wrong. */
function compileDangerSignals(file = DEFAULT_SIGNALS_FILE): DangerSignals {
  const parsed = signalsSchema.safeParse(parse(readFileSync(file, "utf8")));
  if (!parsed.success) throw new Error(`danger signals (${file}): ${parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ")}`);
  const { groups, kinds } = parsed.data;
  const present = DANGER_KINDS.filter((kind) => kinds[kind]);
  let byKind: KindMatcher[] | undefined;
  return {
    kinds: present.map((kind) => ({ kind, quietWhen: kinds[kind]!.quiet_when })),
    byKind: () =>
      (byKind ??= present.map((kind) => ({
        kind,
        cyrillic: matcher(kinds[kind]!.cyrillic, groups, true),
        english: matcher(kinds[kind]!.english, groups, false),
        quietWhen: kinds[kind]!.quiet_when,
      }))),
    cyrillic: prefilterOf(present.flatMap((kind) => kinds[kind]!.cyrillic), present.flatMap((kind) => kinds[kind]!.cyrillic.map(() => kind)), groups, true),
    english: prefilterOf(present.flatMap((kind) => kinds[kind]!.english), present.flatMap((kind) => kinds[kind]!.english.map(() => kind)), groups, false),
  };
}

let matchers: DangerSignals | undefined;
/**
 * The bundled signals, compiled at first use rather than at import: reading, validating and compiling
 * the file is ~0.3 s of CPU on a busy 2-core machine, a tenth of a bot's start, and the first update
 * after a restart is often a button or a command that needs none of it. The bot warms them in the
 * background soon after it starts (`warmDangerSignals`, src/app.ts), so a broken file is still reported
 * at start (logged), and the first resident's text meets them ready.
 */
function dangerSignals(): DangerSignals {
  matchers ??= compileDangerSignals();
  return matchers;
}

/** Compiles the bundled signals now if no message has needed them yet; throws when the file is wrong. */
export function warmDangerSignals(): void {
  dangerSignals();
}

function matches({ any, combined }: Matcher, text: string): boolean {
  if (any?.test(text)) return true;
  return combined.some((rule) => rule.all.every((re) => re.test(text)) && !rule.unless.some((re) => re.test(text)));
}

/** `fold`, but ы is kept: Russian «был, была, были» (was) must not read as «бил, била, били» (beat). */
function dangerKey(word: string): string {
  return word.includes("ы") ? word.split("ы").map(fold).join("ы") : fold(word);
}

/**
 * Latin words whose first transliteration is wrong for us: "byl" is Russian «был» (was), not «бил» (beat);
 * the Ukrainian «бив» is written "byv". A Map, not an object literal: a resident's word "constructor"
 * must not find Object.prototype.constructor (it did, and the update failed).
 */
const LATIN_READINGS: ReadonlyMap<string, string> = new Map([["byl", "был"]]);

/** Words padded with a space at each end (see `compile`). */
const padded = (words: string[]) => ` ${words.join(" ")} `;

interface Readings {
  /** Normalized text, for the English patterns. */
  text: string;
  /** Danger keys of the words, and of a Cyrillic reading of the Latin words, for the Cyrillic patterns. */
  keys: string[];
}

function readings(words: string[]): Readings {
  const wordKeys = words.map(dangerKey);
  const keys = [padded(wordKeys)];
  if (words.some((word) => /[a-z]/.test(word))) {
    const latinRead = (word: string) => dangerKey(LATIN_READINGS.get(word) ?? transliterateFirst(word));
    keys.push(padded(words.map((word, i) => (/^[a-z]+$/.test(word) ? latinRead(word) : wordKeys[i]!))));
  }
  return { text: padded(words), keys };
}

/** The kinds of danger the message signals, most urgent first; empty when none. */
export function detectDanger(text: string): DangerKind[] {
  return detect(text, true);
}

/**
 * `detectDanger` read kind by kind, every rule of a kind in one expression, without the prefilter (tests:
 * the prefilter must never change an answer).
 */
export function detectDangerUnfiltered(text: string): DangerKind[] {
  return detect(text, false);
}

function detect(text: string, prefilter: boolean): DangerKind[] {
  const normalized = normalizeText(text);
  if (normalized === "") return [];
  const { text: english, keys } = readings(normalized.split(" "));
  const signals = dangerSignals();
  let found: DangerSignals["kinds"];
  if (prefilter) {
    const kinds = new Set<DangerKind>();
    findKinds(signals.english, english, kinds);
    for (const key of keys) findKinds(signals.cyrillic, key, kinds);
    if (kinds.size === 0) return []; // the usual case
    found = signals.kinds.filter(({ kind }) => kinds.has(kind));
  } else found = signals.byKind().filter(({ cyrillic, english: englishRules }) => matches(englishRules, english) || keys.some((key) => matches(cyrillic, key)));
  return found.filter(({ quietWhen }) => !quietWhen.some((kind) => found.some((other) => other.kind === kind))).map(({ kind }) => kind);
}
