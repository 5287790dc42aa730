import { singleLine, withoutDisplayControls } from "../../requests/text.ts";
import { escapeHtml } from "./html.ts";

/** Telegram's limit for one message's text. */
export const MESSAGE_LIMIT = 4096;

/** A catalogue text in the reader's language, falling back to Ukrainian. */
export function pick(text: { uk: string; en?: string | undefined } | undefined, locale: string): string | undefined {
  if (!text) return undefined;
  return (locale === "en" ? text.en : undefined) ?? text.uk;
}

/**
 * The first `max` UTF-16 units of `text`, one fewer when the cut would split an emoji (or any
 * character outside the BMP) in half: half a surrogate pair is not UTF-8, and Telegram refuses the
 * whole message ("strings must be encoded in UTF-8").
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = max > 0 && /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, Math.max(0, cut));
}

/**
 * Text a resident or staff member wrote, ready for a message: without the characters that could
 * reorder or hide what the reader sees (bidirectional overrides and the like, see
 * requests/text.ts), shortened so the message stays within Telegram's limit, then escaped. Cut on
 * raw text, so an entity like &amp; is never split, and never inside an emoji.
 *
 * The cleaning happens here, when text is shown, not when it is stored: the database keeps what the
 * person typed (the audit trail), and rows stored before a rule changed are shown safely too.
 */
export function quote(text: string, max: number): string {
  const shown = withoutDisplayControls(text);
  const trimmed = shown.length > max ? `${truncate(shown, max - 1).trimEnd()}…` : shown;
  return escapeHtml(trimmed);
}

/** `quote` for a one-line field (a name, an address): a typed line break cannot fake a line of the card. */
export function quoteLine(text: string, max: number): string {
  return quote(singleLine(text), max);
}

/** Joins message parts, dropping empty ones, and keeps the result within the limit by dropping tail parts. */
export function joinParts(parts: Array<string | undefined | null | false>, limit = MESSAGE_LIMIT): string {
  const kept: string[] = [];
  let length = 0;
  for (const part of parts) {
    if (!part) continue;
    const added = part.length + (kept.length > 0 ? 1 : 0);
    if (length + added > limit) break;
    kept.push(part);
    length += added;
  }
  return kept.join("\n");
}
