/**
 * Telegram HTML (the subset the Bot API accepts) as terminal text: bold, italic, underline and
 * strikethrough as ANSI styles when colour is on, plain text otherwise; links as "text (url)";
 * blockquotes with a bar; entities decoded. Pure: no I/O, no globals.
 */

export interface TerminalStyle {
  /** ANSI escapes (a terminal); false for plain text (a pipe, a file, a test). */
  color: boolean;
}

type Style = "bold" | "italic" | "underline" | "strike" | "code" | "dim";

const SGR: Record<Style, string> = { bold: "1", italic: "3", underline: "4", strike: "9", code: "36", dim: "2" };

const TAG_STYLES: Record<string, Style> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strike",
  strike: "strike",
  del: "strike",
  code: "code",
  pre: "code",
};

const NAMED_ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };

/** Decodes the entities Telegram's HTML uses (&lt; &gt; &amp; &quot; and numeric ones); others stay as they are. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#")) {
      const code = name[1] === "x" || name[1] === "X" ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Control characters (an escape sequence in someone's text) must not reach the terminal. */
export function stripControl(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "");
}

/** Wraps text in one style (for the sandbox's own chrome); plain when colour is off. */
export function styled(text: string, style: Style, { color }: TerminalStyle): string {
  return color && text ? `\x1b[${SGR[style]}m${text}\x1b[0m` : text;
}

interface Element {
  tag: string;
  attributes: Record<string, string>;
  children: Node[];
}
type Node = string | Element;

function parseAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([a-zA-Z_:][\w:.-]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    attributes[match[1]!.toLowerCase()] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? "");
  }
  return attributes;
}

/** A forgiving parser: unknown tags keep their text, stray closing tags are ignored, open ones close at the end. */
function parse(html: string): Node[] {
  const root: Element = { tag: "", attributes: {}, children: [] };
  const stack: Element[] = [root];
  const tokens = /<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+|<)/g;
  for (const match of html.matchAll(tokens)) {
    const [, closing, rawName, rawAttributes, text] = match;
    const top = stack.at(-1)!;
    if (text !== undefined) {
      top.children.push(decodeEntities(text));
      continue;
    }
    const tag = rawName!.toLowerCase();
    if (tag === "br") {
      top.children.push("\n");
    } else if (closing) {
      const index = stack.findLastIndex((element) => element.tag === tag);
      if (index > 0) stack.length = index;
    } else {
      const element: Element = { tag, attributes: parseAttributes(rawAttributes ?? ""), children: [] };
      top.children.push(element);
      if (!rawAttributes?.trim().endsWith("/")) stack.push(element);
    }
  }
  return root.children;
}

const textOf = (nodes: Node[]): string => nodes.map((node) => (typeof node === "string" ? node : textOf(node.children))).join("");

/** The escape sequence that sets exactly these styles (after a reset). */
const sequence = (styles: readonly Style[]): string => `\x1b[0${styles.map((style) => `;${SGR[style]}`).join("")}m`;

function renderNodes(nodes: Node[], active: readonly Style[], options: TerminalStyle): string {
  return nodes.map((node) => (typeof node === "string" ? stripControl(node) : renderElement(node, active, options))).join("");
}

function withStyle(style: Style, nodes: Node[], active: readonly Style[], options: TerminalStyle): string {
  const inner = renderNodes(nodes, [...active, style], options);
  if (!options.color || active.includes(style)) return inner;
  return `${sequence([...active, style])}${inner}${sequence(active)}`;
}

function renderElement(element: Element, active: readonly Style[], options: TerminalStyle): string {
  const style = TAG_STYLES[element.tag];
  if (style) return withStyle(style, element.children, active, options);
  switch (element.tag) {
    case "a": {
      const text = renderNodes(element.children, active, options);
      const href = element.attributes.href ?? "";
      // A mention (tg://user?id=…) or a link that shows its own address needs no second copy.
      if (!href || href.startsWith("tg://") || textOf(element.children).trim() === href) return text;
      return `${text} (${stripControl(href)})`;
    }
    case "blockquote": {
      const inner = renderNodes(element.children, active, options).replace(/^\n+|\n+$/g, "");
      return inner
        .split("\n")
        .map((line) => `${styled("│", "dim", options)} ${line}`)
        .join("\n");
    }
    case "span":
      return element.attributes.class === "tg-spoiler"
        ? withStyle("dim", element.children, active, options)
        : renderNodes(element.children, active, options);
    case "tg-spoiler":
      return withStyle("dim", element.children, active, options);
    default:
      // tg-emoji and anything unknown: the text inside.
      return renderNodes(element.children, active, options);
  }
}

/** Telegram HTML → terminal text. */
export function htmlToTerminal(html: string, options: TerminalStyle): string {
  const out = renderNodes(parse(html), [], options);
  return options.color ? out.replace(/\x1b\[0m(?=\x1b\[0[;\d]*m)/g, "") : out;
}

/** A message's text as the terminal shows it: HTML rendered, anything else as it is (control characters removed). */
export function messageToTerminal(text: string, parseMode: string | undefined, options: TerminalStyle): string {
  return parseMode?.toUpperCase() === "HTML" ? htmlToTerminal(text, options) : stripControl(text);
}
