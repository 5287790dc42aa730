/**
 * Required literals of a danger pattern (issue 19): strings of which every match of the pattern holds at
 * least one, found by reading the expression's source (the small subset danger.ts writes: literals,
 * `(?:…|…)`, classes `[…]`, `\S`, `.`, `?`, `*`, `+`, `{m,n}`, lookarounds, `^`, `$`). A message that
 * holds none of a rule's literals cannot match the rule, so detectDanger tests only the few rules whose
 * literals a message holds, instead of scanning ~33 KB of alternatives on every message.
 *
 * For each piece of the expression we know, where we can: every string it matches (`exact`, when there
 * are few), the strings every match starts with (`pre`), ends with (`suf`), and holds (`req`). A
 * sequence joins the end of one piece with the start of the next (« » + «бе|бет|бют» → « бе», « бет»…),
 * so literals cross word boundaries and keep the space that starts a word. A set holding "" says
 * nothing and is dropped (`undefined`).
 */

type Set_ = string[] | undefined;
interface Info {
  exact: Set_;
  pre: Set_;
  suf: Set_;
  req: Set_;
}

/** Past this many strings a set is not worth keeping (the product of two sets grows fast). */
const LIMIT = 256;
/** A literal longer than this is as good as this long (the check reads at most this many characters). */
export const LITERAL_MAX = 6;

const NOTHING: Info = { exact: undefined, pre: undefined, suf: undefined, req: undefined };
const EMPTY: Info = { exact: [""], pre: undefined, suf: undefined, req: undefined };

const unique = (values: string[]): string[] => [...new Set(values)];
/** A set that says something: none of its strings empty, not too many. */
const useful = (set: Set_): Set_ => (set && set.length <= LIMIT && !set.includes("") ? unique(set) : undefined);
const cross = (a: string[], b: string[]): Set_ => (a.length * b.length > LIMIT ? undefined : unique(a.flatMap((x) => b.map((y) => x + y))));

/** How selective a set of literals is: its shortest literal's length (capped), then fewer is better. */
export function literalScore(set: Set_): number {
  if (!set) return -1;
  const shortest = Math.min(...set.map((value) => Math.min(value.length, LITERAL_MAX + 1)));
  return shortest * 1000 - Math.min(set.length, 999);
}
const best = (...sets: Set_[]): Set_ => sets.reduce((a, b) => (literalScore(b) > literalScore(a) ? b : a), undefined);

function ofExact(exact: string[]): Info {
  if (exact.length > LIMIT) return NOTHING;
  const set = useful(exact);
  return { exact: unique(exact), pre: set, suf: set, req: set };
}

function sequence(a: Info, b: Info): Info {
  if (a.exact && b.exact) {
    const both = cross(a.exact, b.exact);
    if (both) return ofExact(both);
  }
  const pre = useful(a.exact ? (b.pre ? cross(a.exact, b.pre) ?? a.exact : a.exact) : a.pre);
  const suf = useful(b.exact ? (a.suf ? cross(a.suf, b.exact) ?? b.exact : b.exact) : b.suf);
  const joined = a.suf && b.pre ? useful(cross(a.suf, b.pre)) : undefined;
  return { exact: undefined, pre, suf, req: best(a.req, b.req, joined, pre, suf) };
}

function alternatives(branches: Info[]): Info {
  if (branches.every((branch) => branch.exact)) return ofExact(branches.flatMap((branch) => branch.exact!));
  const union = (pick: (info: Info) => Set_): Set_ => (branches.every((branch) => pick(branch)) ? useful(branches.flatMap((branch) => pick(branch)!)) : undefined);
  return { exact: undefined, pre: union((info) => info.pre), suf: union((info) => info.suf), req: union((info) => info.req) };
}

/** Characters of a class `[…]` (ranges expanded); undefined for a negated or large class. */
function classChars(body: string): string[] | undefined {
  if (body.startsWith("^")) return undefined;
  const chars: string[] = [];
  const list = [...body];
  for (let i = 0; i < list.length; i++) {
    let char = list[i]!;
    if (char === "\\") {
      char = list[++i]!;
      if (/[sSdDwWbB]/.test(char)) return undefined;
    }
    if (list[i + 1] === "-" && i + 2 < list.length) {
      const from = char.codePointAt(0)!;
      const to = list[i + 2]!.codePointAt(0)!;
      if (to - from > 40) return undefined;
      for (let code = from; code <= to; code++) chars.push(String.fromCodePoint(code));
      i += 2;
    } else chars.push(char);
  }
  return chars.length > 40 ? undefined : chars;
}

/** Reads an expression's source into its `Info`; throws on syntax this reader does not know. */
export function literalsOf(source: string): string[] | undefined {
  const chars = [...source];
  let at = 0;

  function parseAlternatives(): Info {
    const branches = [parseSequence()];
    while (chars[at] === "|") {
      at++;
      branches.push(parseSequence());
    }
    return branches.length === 1 ? branches[0]! : alternatives(branches);
  }

  function parseSequence(): Info {
    let info = EMPTY;
    while (at < chars.length && chars[at] !== "|" && chars[at] !== ")") info = sequence(info, quantified(parseAtom()));
    return info;
  }

  function parseAtom(): Info {
    const char = chars[at++]!;
    if (char === "(") {
      let lookaround = false;
      if (chars[at] === "?") {
        const rest = chars.slice(at, at + 3).join("");
        if (rest.startsWith("?:")) at += 2;
        else if (rest.startsWith("?=") || rest.startsWith("?!")) (at += 2), (lookaround = true);
        else if (rest === "?<=" || rest === "?<!") (at += 3), (lookaround = true);
        else throw new Error(`danger literals: unknown group (${rest} in ${source}`);
      }
      const inner = parseAlternatives();
      if (chars[at++] !== ")") throw new Error(`danger literals: unclosed group in ${source}`);
      return lookaround ? EMPTY : inner;
    }
    if (char === "[") {
      const end = chars.indexOf("]", at + 1);
      const body = chars.slice(at, end).join("");
      at = end + 1;
      const set = classChars(body);
      return set ? ofExact(set) : NOTHING;
    }
    if (char === "\\") {
      const next = chars[at++]!;
      if (/[sSdDwW]/.test(next)) return NOTHING;
      if (/[bB]/.test(next)) return EMPTY;
      return ofExact([next]);
    }
    if (char === "." ) return NOTHING;
    if (char === "^" || char === "$") return EMPTY;
    if ("*+?{".includes(char)) throw new Error(`danger literals: a quantifier with nothing before it in ${source}`);
    return ofExact([char]);
  }

  function quantified(info: Info): Info {
    const char = chars[at];
    if (char === "?") {
      at++;
      return info.exact ? ofExact([...info.exact, ""]) : EMPTY_OR_MORE;
    }
    if (char === "*") {
      at++;
      return EMPTY_OR_MORE;
    }
    if (char === "+") {
      at++;
      return { exact: undefined, pre: info.pre, suf: info.suf, req: info.req };
    }
    if (char === "{") {
      const end = chars.indexOf("}", at);
      const [min] = chars.slice(at + 1, end).join("").split(",").map(Number);
      at = end + 1;
      return min! >= 1 ? { exact: undefined, pre: info.pre, suf: info.suf, req: info.req } : EMPTY_OR_MORE;
    }
    return info;
  }

  const info = parseAlternatives();
  if (at !== chars.length) throw new Error(`danger literals: unexpected ${chars[at]} in ${source}`);
  return info.req;
}

/** A piece that may match nothing and whose matches we do not list. */
const EMPTY_OR_MORE: Info = NOTHING;
