/**
 * Who the person in need is to the resident, as stored on a request (`subjectRelation`): a code —
 * «mother», «son», or a broader «parent», «neighbour» — shown in the reader's language (the resident's
 * summary, the staff card, the export, each in its own), or, when the resident typed something else, that
 * text as typed. Codes are the option names of data/dialogue/answers.yaml (relation, relationWords).
 */
export const RELATION_CODES: ReadonlySet<string> = new Set([
  "parent", "child", "spouse", "grandchild", "grandparent", "relative", "neighbour", "friend",
  "mother", "father", "son", "daughter", "husband", "wife", "grandmother", "grandfather", "grandson", "granddaughter", "brother", "sister",
]);

/** The relation as the reader reads it: a code in their language (locale key `relation-word-<code>`), typed text as typed. */
export const relationLabel = (stored: string, t: (key: string) => string): string => (RELATION_CODES.has(stored) ? t(`relation-word-${stored}`) : stored);
