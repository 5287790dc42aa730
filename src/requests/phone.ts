import { findPhoneNumbersInText, parsePhoneNumberFromString, type PhoneNumber } from "libphonenumber-js/max";
import { keepAtMost } from "../kept-at-most.ts";

/**
 * Phone numbers, parsed and validated by libphonenumber-js (Google's numbering plans, its full metadata:
 * the smaller one accepts any number of a plausible length), stored in E.164.
 *
 * A resident's number as typed or shared: "067 123 45 67", "+38 (067) 123-45-67", "380671234567",
 * "0412 48 12 12" → +380XXXXXXXXX. Relatives abroad may leave their own number with its country code
 * ("+48 601 234 567" → +48601234567), except Russian and Kazakh ones (+7): calls there are blocked from
 * Ukraine. Null for anything that cannot be called back.
 */
export function normalizeResidentPhone(input: string): string | null {
  return parseResidentPhone(input)?.number ?? null;
}

/** A shared Telegram contact's number: always international, often without its "+". */
export function normalizeSharedPhone(input: string): string | null {
  const trimmed = input.trim();
  return normalizeResidentPhone(trimmed.startsWith("+") ? trimmed : `+${trimmed}`);
}

/**
 * A number written among other words: «сусідка Галя 067 123 45 67», «мама, +48 601 234 567». Returns the
 * number (by the same rules as a number alone) and the words around it, trimmed of separators.
 */
export function findResidentPhone(text: string): { phone: string; rest: string } | null {
  const whole = normalizeResidentPhone(text);
  if (whole) return { phone: whole, rest: "" };
  const [found] = callableNumbersIn(text);
  if (!found) return null;
  const rest = `${text.slice(0, found.startsAt)} ${text.slice(found.endsAt)}`.replace(/\s+/g, " ").replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/g, "");
  return { phone: found.phone, rest };
}

type FoundNumber = { readonly phone: string; readonly startsAt: number; readonly endsAt: number };

/** The numbers libphonenumber-js finds among words that the rules for a number alone accept, in order, with where each stands. */
function callableNumbersIn(text: string): readonly FoundNumber[] {
  const kept = foundLately.get(text);
  if (kept) return kept;
  const numbers: FoundNumber[] = [];
  for (const { startsAt, endsAt } of findPhoneNumbersInText(text, "UA")) {
    const phone = normalizeResidentPhone(text.slice(startsAt, endsAt));
    if (phone) numbers.push({ phone, startsAt, endsAt });
  }
  return keepAtMost(foundLately, READ_KEPT, text, numbers);
}

/**
 * The last few messages read, and what they held (by the text itself). One answer is read several
 * times in one update — the phone question's typed answers, then the number; the name question's
 * «is it a number?», then the name and number in it — and libphonenumber's parse with its full
 * metadata costs ~0.1 ms each time (bench/PROFILE-updates.md, session 10). Personal data: at most
 * READ_KEPT of each, forgotten with the numbers below (forgetRememberedPhones).
 */
const readLately = new Map<string, PhoneNumber | null>();
const foundLately = new Map<string, readonly FoundNumber[]>();
const READ_KEPT = 4;

/**
 * The resident's own number in a message that may hold words around it: «мій номер 067 123 45 67»,
 * «тел. 0671234567», «my number is +38 (067) 123-45-67». The number is found by libphonenumber-js and
 * taken by the same rules as a number alone. `several`: two different numbers (which one to call?).
 * Null when there is no number, or digits besides it (an address, a time, a number we cannot call).
 */
export function residentPhoneIn(text: string): { phone: string } | { several: true } | null {
  const whole = normalizeResidentPhone(text);
  if (whole) return { phone: whole };
  const phones = new Set<string>();
  let rest = "";
  let from = 0;
  for (const found of callableNumbersIn(text)) {
    phones.add(found.phone);
    rest += `${text.slice(from, found.startsAt)} `;
    from = found.endsAt;
  }
  rest += text.slice(from);
  if (phones.size > 1) return { several: true };
  if (phones.size === 1) return /\d/.test(rest) ? null : { phone: [...phones][0]! };
  // libphonenumber passes over a number with the old trunk prefix («мій номер 8 067 123 45 67»): the
  // digits between the words, read by the rules for a number alone.
  const core = text.replace(/^[^\d+]+/u, "").replace(/[^\d)]+$/u, "");
  const phone = core && core !== text ? normalizeResidentPhone(core) : null;
  return phone ? { phone } : null;
}

function parseResidentPhone(input: string): PhoneNumber | undefined {
  const trimmed = input.trim();
  // One number alone: digits and the separators people use; words, slashes or two numbers are no answer.
  if (!/^\+?[\d\s().-]{9,20}$/.test(trimmed)) return undefined;
  let parsed = readLately.get(trimmed);
  if (parsed === undefined) parsed = keepAtMost(readLately, READ_KEPT, trimmed, parseOnce(trimmed) ?? null);
  return parsed ?? undefined;
}

/** parseResidentPhone's work, for a trimmed input of a number's shape. */
function parseOnce(trimmed: string): PhoneNumber | undefined {
  const digits = trimmed.replace(/\D/g, "");
  let text = trimmed;
  if (!trimmed.startsWith("+")) {
    // Without "+" it is a Ukrainian number: 0XX…, 380XX… (38 0XX…), or the old trunk prefix 8 0XX….
    if (/^80\d{9}$/.test(digits)) text = digits.slice(1);
    else if (!/^(0|380)/.test(digits)) return undefined;
  }
  const parsed = parsePhoneNumberFromString(text, "UA");
  if (!parsed?.isValid() || parsed.countryCallingCode === "7") return undefined;
  // A number just taken is shown next («📞 … ✓»): formatPhone finds it parsed.
  return keepAtMost(parsedLately, PARSED_KEPT, parsed.number, parsed);
}

/** Numbers parseResidentPhone accepted lately, by E.164, so formatPhone need not parse them again. */
const parsedLately = new Map<string, PhoneNumber>();
const PARSED_KEPT = 200;

/**
 * Seven digits or more, with spaces, brackets and dashes between them: what a person reads as a phone
 * number, valid or not (no parse: a quick test, and what to leave out of words passed on).
 */
const PHONE_LIKE = /\+?(?:\d[\s()-]*){6,}\d/u;

/** Whether the text holds something that looks like a phone number (PHONE_LIKE). */
export const hasPhoneLike = (text: string): boolean => PHONE_LIKE.test(text);

/** The text with every phone-like run of digits (PHONE_LIKE) replaced. */
export const withoutPhoneLike = (text: string, replacement: string): string => text.replace(new RegExp(PHONE_LIKE.source, "gu"), replacement);

/**
 * A stored number as people read it: +380 67 123 45 67, +380 412 48 12 12 (the area code as the
 * numbering plan knows it, then pairs); a foreign one in its country's international format
 * (+48 601 234 567). Anything that is no valid number is shown as it is.
 */
export function formatPhone(stored: string): string {
  // Pure, and a dialogue shows one number three times («📞 … ✓», the summary, «надіслано»): parsing
  // with the full metadata costs ~0.1 ms each time (bench/PROFILE-updates.md, session 9); the first
  // time, the number was usually just parsed (parsedLately).
  return formatted.get(stored) ?? keepAtMost(formatted, FORMATTED_KEPT, stored, formatOnce(stored));
}

/** Numbers formatted lately (formatPhone), at most FORMATTED_KEPT. */
const formatted = new Map<string, string>();
const FORMATTED_KEPT = 2_000;

/**
 * Forgets the numbers kept above: they are personal data, and an erasure (/delete_me, retention) must
 * leave no copy, in memory either (RequestService calls it after each; all go, which costs a parse the
 * next time a number is shown).
 */
export function forgetRememberedPhones(): void {
  formatted.clear();
  parsedLately.clear();
  readLately.clear();
  foundLately.clear();
}

/** How many numbers are remembered now (tests: an erasure leaves none). */
export const rememberedPhoneCount = (): number => formatted.size + parsedLately.size + readLately.size + foundLately.size;

function formatOnce(stored: string): string {
  if (!/^\+\d+$/.test(stored)) return stored;
  const lately = parsedLately.get(stored); // valid already
  const parsed = lately ?? parsePhoneNumberFromString(stored);
  if (!parsed || (!lately && (!parsed.isValid() || parsed.number !== stored))) return stored;
  const international = parsed.formatInternational();
  if (parsed.countryCallingCode !== "380") return international;
  // "+380 67 123 4567" / "+380 412 481 212": keep the area code, read the rest in pairs after a first group.
  const [, area, ...rest] = international.split(" ");
  const subscriber = rest.join("");
  const groups = subscriber.length === 7 ? [subscriber.slice(0, 3), subscriber.slice(3, 5), subscriber.slice(5)] : subscriber.match(/\d{1,2}/g)!;
  return ["+380", area!, ...groups].join(" ");
}
