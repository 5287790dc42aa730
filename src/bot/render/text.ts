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
 * Shortens text a resident or staff member wrote so a message stays within Telegram's limit,
 * then escapes it. Cut on raw text, so an entity like &amp; is never split, and never inside an emoji.
 */
export function quote(text: string, max: number): string {
  const trimmed = text.length > max ? `${truncate(text, max - 1).trimEnd()}…` : text;
  return escapeHtml(trimmed);
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
