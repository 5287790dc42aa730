import type { Context } from "grammy";
import { findResidentPhone, normalizeSharedPhone, residentPhoneIn } from "../../../requests/phone.ts";
import type { Attachment } from "../../../requests/service.ts";
import { hasVisibleText } from "../../../requests/text.ts";
import type { AnswerBook } from "../../../requests/typed-answers.ts";
import type { Translate } from "../../context.ts";

/**
 * Reading one message as the answer to a question that takes text (a name, a phone, an address, what
 * is needed). Typed answers to button questions are read by requests/typed-answers.ts.
 */

export const LIMITS = { name: 100, address: 300, details: 2000, relation: 60 } as const;

/** `value`: the answer; `invalid`: a message that is no answer, with the notice to show; undefined: not a message. */
export type Parsed<T> = { value: T } | { invalid: string } | undefined;

/** A typed answer as a word to compare with a button's label: trimmed, lower case, without end punctuation or emoji. */
export const asWord = (text: string) =>
  text.toLowerCase().replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, "").replace(/[.!?,;:]+$/u, "").trim();

/** The file a resident sent with a message (a voice message, a photo, a document …), as staff will get it. */
export function attachmentOf(ctx: Context): Attachment | undefined {
  const message = ctx.message;
  if (!message) return undefined;
  if (message.voice) return { kind: "voice", fileId: message.voice.file_id };
  if (message.audio) return { kind: "audio", fileId: message.audio.file_id };
  if (message.video_note) return { kind: "video_note", fileId: message.video_note.file_id };
  if (message.photo && message.photo.length > 0) return { kind: "photo", fileId: message.photo.at(-1)!.file_id };
  if (message.document) return { kind: "document", fileId: message.document.file_id };
  return undefined;
}

/**
 * A typed answer, trimmed. One with nothing visible in it (zero-width spaces, a Hangul filler, the
 * braille blank, combining marks alone …) is no answer: it would reach staff as an empty name.
 */
export function plainText(ctx: Context, max: number, t: Translate): Parsed<string> {
  const text = ctx.message?.text?.trim();
  if (!text || !hasVisibleText(text)) return ctx.message ? { invalid: t("req-invalid-answer") } : undefined;
  if (text.startsWith("/")) return { invalid: t("req-invalid-answer") };
  if (text.length > max) return { invalid: t("req-too-long", { max }) };
  return { value: text };
}

/** Answers to button questions that are no name: «так», «отправляйте», «ні», «передзвоніть» … */
const NOT_NAMES = ["consent", "summary", "sameContact", "mode", "forWhom", "noCalls", "safeMode", "noPhone"];

/** Words that can be a name: letters, no digits, not a yes, a no or «надсилайте» (exactly), nor «назад» and the like. */
export const isName = (book: AnswerBook, text: string): boolean =>
  /\p{L}/u.test(text) &&
  !/[\d@/]/u.test(text) &&
  text.length <= LIMITS.name &&
  !NOT_NAMES.some((question) => book.isExactly(question, text)) &&
  book.navigationOf(text) === undefined;

/**
 * A name («меня зовут Наташа» gives «Наташа»). A word that answers a button question («так»,
 * «отправляйте») or digits are no name: asked again, kindly, saying what is wanted. With `numberIsPhone`
 * (the resident's own name) a message with their number in it is passed on whole: the handler takes the
 * number as the phone (handlers.ts).
 */
export function nameAnswer(ctx: Context, t: Translate, book: AnswerBook, numberIsPhone = false): Parsed<string> {
  const parsed = plainText(ctx, LIMITS.name, t);
  if (!parsed || !("value" in parsed)) return parsed;
  const introduced = book.nameAfterIntro(parsed.value) ?? parsed.value;
  // «Галина, 067 123 45 67» or a number alone at the resident's own name: its handler takes the number
  // as the phone (handlers.ts). Elsewhere (the person in need's name) a number is no name.
  if (numberIsPhone && residentPhoneIn(introduced)) return { value: parsed.value };
  if (residentPhoneIn(introduced) || /\d{3}/u.test(introduced)) return { invalid: t("req-name-is-phone") };
  const found = nameFound(book, introduced);
  return "invalid" in found ? { invalid: t(found.invalid) } : { value: found.name };
}

/** «мій чоловік Бондар Іван Степанович», «Сергей, я сын»: the name; «Бондар Іван, 82 роки»: kept with the age. */
function nameFound(book: AnswerBook, text: string): { name: string; relation?: string } | { invalid: string } {
  const { name, bare, relation } = book.nameIn(text);
  if (looksLikeSentence(bare)) return { invalid: "req-name-is-sentence" };
  if (!isName(book, bare)) return { invalid: "req-name-please" };
  return relation ? { name, relation } : { name };
}

/**
 * The name of the person in need, and the relation when said with it («мій чоловік Бондар Іван
 * Степанович»: husband; then «Ким ця людина Вам доводиться?» is not asked).
 */
export function subjectNameAnswer(ctx: Context, t: Translate, book: AnswerBook): Parsed<{ name: string; relation?: string }> {
  const parsed = plainText(ctx, LIMITS.name, t);
  if (!parsed || !("value" in parsed)) return parsed;
  const introduced = book.nameAfterIntro(parsed.value) ?? parsed.value;
  if (residentPhoneIn(introduced) || /\d{3}/u.test(introduced)) return { invalid: t("req-name-is-phone") };
  const found = nameFound(book, introduced);
  return "invalid" in found ? { invalid: t(found.invalid) } : { value: found };
}

/**
 * «мама не ходить після інсульту» at «Як до Вас звертатися?» (session 13's trial: it became her name):
 * a name is at most four words (surname, name, patronymic, a title) and never has «не» in it.
 */
export const looksLikeSentence = (text: string): boolean => {
  const words = wordsWithLetters(text);
  return words.length > 4 || words.some((word) => NEGATIONS.has(word.replace(/[^\p{L}]/gu, "").toLowerCase()));
};

/** The message's words that have a letter in them (numbers and signs alone are no words here). */
export const wordsWithLetters = (text: string): string[] => text.split(/\s+/u).filter((word) => /\p{L}/u.test(word));

const NEGATIONS = new Set(["не", "ні", "нет", "not"]);

/** «Ким ця людина Вам доводиться?»: a few words, no number (a phone typed there is asked for later). */
export function relationAnswer(ctx: Context, t: Translate): Parsed<string> {
  const parsed = plainText(ctx, LIMITS.relation, t);
  if (!parsed || !("value" in parsed)) return parsed;
  if (/\d{3}/u.test(parsed.value)) return { invalid: t("req-relation-is-phone") };
  if (looksLikeSentence(parsed.value)) return { invalid: t("req-relation-please") };
  return parsed;
}

/** A shared contact (the resident's own) or a typed number (words around it allowed), in E.164 (+380…, +48…); a wrong one gets its reason. */
export function phoneAnswer(ctx: Context, t: Translate): Parsed<string> {
  const contact = ctx.message?.contact;
  if (contact) {
    if (contact.user_id !== ctx.from?.id) return { invalid: t("req-phone-not-own") };
    const phone = normalizeSharedPhone(contact.phone_number);
    return phone ? { value: phone } : { invalid: t("req-phone-invalid") };
  }
  const text = ctx.message?.text;
  if (!text) return { invalid: t("req-phone-invalid") };
  // Words around the number are fine («мій номер 067 123 45 67»); two different numbers are asked about.
  const found = residentPhoneIn(text);
  if (found && "phone" in found) return { value: found.phone };
  // A wrong number is asked again with the way out for a resident without a phone.
  return { invalid: found ? t("req-phone-several") : `${t("req-phone-invalid")}\n${t("req-phone-none")}` };
}

/** A second contact: a number, with the words around it as its name («сусідка Галя 067 123 45 67»), or a shared contact. */
export function secondContactAnswer(ctx: Context, t: Translate): Parsed<{ name?: string; phone: string }> {
  const contact = ctx.message?.contact;
  if (contact) {
    const phone = normalizeSharedPhone(contact.phone_number);
    const name = [contact.first_name, contact.last_name].filter(Boolean).join(" ").trim();
    return phone ? { value: { phone, ...(hasVisibleText(name) ? { name: name.slice(0, LIMITS.name) } : {}) } } : { invalid: t("req-phone-invalid") };
  }
  const text = ctx.message?.text?.trim();
  if (!text) return ctx.message ? { invalid: t("req-phone-invalid") } : undefined;
  if (text.length > LIMITS.name + 40) return { invalid: t("req-too-long", { max: LIMITS.name + 40 }) };
  const found = findResidentPhone(text);
  if (!found) return { invalid: t("req-phone-invalid") };
  return { value: { phone: found.phone, ...(hasVisibleText(found.rest) ? { name: found.rest } : {}) } };
}

/** What is needed: a text, a voice message, a photo or a file (with its caption). */
export function detailsAnswer(ctx: Context, t: Translate): Parsed<{ text?: string; attachment?: Attachment }> {
  const attachment = attachmentOf(ctx);
  const typed = (ctx.message?.text ?? ctx.message?.caption)?.trim();
  // A caption or a text with nothing visible in it counts as none.
  const text = hasVisibleText(typed) ? typed : undefined;
  if (text && text.length > LIMITS.details) return { invalid: t("req-too-long", { max: LIMITS.details }) };
  if (text?.startsWith("/")) return { invalid: t("req-invalid-details") };
  if (!attachment && !text) return { invalid: t("req-invalid-details") };
  return { value: { ...(text ? { text } : {}), ...(attachment ? { attachment } : {}) } };
}
