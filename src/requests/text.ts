/**
 * What a reader can see of a text a person typed. Plain functions, no Telegram: the request dialogue
 * asks `hasVisibleText` before it accepts an answer, and everything that shows a resident's or a
 * staff member's text (src/bot/render/text.ts `quote`) passes it through `withoutDisplayControls`
 * first, so nobody can hide, reverse or rearrange what the reader sees.
 *
 * What is stored stays as it was typed (the audit trail and the resident's own data); these functions
 * shape what is shown.
 */

/**
 * Characters that show nothing by themselves: whitespace of every kind (U+3000 …), controls, format
 * characters (zero-width spaces and joiners, bidirectional controls, the soft hyphen, U+FEFF),
 * combining marks with no letter to sit on, the other default-ignorable ones (the Hangul fillers
 * U+3164, U+115F, U+1160 and U+FFA0 that Telegram users pick for "invisible" names, variation
 * selectors, tags), the braille blank U+2800, and U+FFFD, which stands for a character the database
 * could not store (see the hostile-input middleware).
 */
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{M}\p{Default_Ignorable_Code_Point}\u2800\uFFFD]/u;

/** Whether `text` has at least one character a reader can see: an answer made of none says nothing. */
export function hasVisibleText(text: string | undefined | null): boolean {
  return text !== undefined && text !== null && VISIBLE.test(text);
}

/**
 * Dropped before text is shown:
 * - bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates, the marks
 *   U+200E, U+200F, U+061C): they reorder what follows them, so "Оля\u202E76 543 21" shows digits
 *   reversed. Arabic and Hebrew need none of them to display right: their letters carry their direction;
 * - the deprecated shaping controls U+206A–U+206F and the interlinear annotation marks U+FFF9–U+FFFB,
 *   which change how text is drawn or hide part of it;
 * - invisible characters that change nothing on screen but make a copied name or address fail to
 *   match elsewhere: U+200B zero-width space, U+2060–U+2064 (word joiner, invisible operators),
 *   U+FEFF, U+00AD soft hyphen, U+180E.
 * Kept: U+200C and U+200D (zero-width non-joiner and joiner: emoji sequences like 👨‍👩‍👧, Persian,
 * Indic scripts), variation selectors, combining marks.
 */
const DROPPED = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u206A-\u206F\uFFF9-\uFFFB\u200B\u2060-\u2064\uFEFF\u00AD\u180E]/g;

/**
 * Tag characters (U+E0000–U+E007F) are invisible, and can carry a hidden copy of any ASCII text. They
 * belong only in an emoji tag sequence: 🏴, a subdivision code in tags, the cancel tag (🏴󠁧󠁢󠁷󠁬󠁳󠁿).
 */
const TAGS = /\u{1F3F4}[\u{E0020}-\u{E007E}]{1,7}\u{E007F}|[\u{E0000}-\u{E007F}]/gu;

/** Other ways of breaking a line: each becomes "\n", which every client shows the same way. */
const LINE_BREAKS = /\r\n?|[\u000B\u000C\u0085\u2028\u2029]/g;

/** Control characters other than tab and line feed (terminal escapes, bell …). */
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F]/g;

/**
 * `text` as it is safe to show: the visible characters in the order they were typed, line breaks as
 * "\n", with nothing that can reorder, hide or disguise them. Not HTML-escaped (that comes after).
 */
export function withoutDisplayControls(text: string): string {
  return text
    .replace(LINE_BREAKS, "\n")
    .replace(CONTROLS, "")
    .replace(DROPPED, "")
    .replace(TAGS, (match) => (match.length > 2 ? match : ""));
}

/**
 * `text` on one line: line breaks and tabs become single spaces. For fields that are one line on a
 * card (a name, a relation, an address), so a typed line break cannot add a line of its own that
 * looks like the card's ("…\nТелефон: +380 …").
 */
export function singleLine(text: string): string {
  return text.replace(/[\s\u0085]*[\t\n\v\f\r\u0085\u2028\u2029][\s\u0085]*/g, " ");
}

/**
 * The first `max` characters of a text, counted in code points: cutting UTF-16 units can leave half
 * of a surrogate pair (an emoji), which PostgreSQL refuses in a JSON column (a session, an outbox row).
 */
export function firstCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  return Array.from(text).slice(0, max).join("");
}
