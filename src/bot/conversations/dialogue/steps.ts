import { CALL_BACK_TIMES, type Attachment, type CallBackTime } from "../../../requests/service.ts";
import type { AnswerBook } from "../../../requests/typed-answers.ts";
import { classifySmallTalk } from "../../../talk/small-talk.ts";
import { findResidentPhone, residentPhoneIn } from "../../../requests/phone.ts";
import type { Translate } from "../../context.ts";
import { detailsAnswer, isName, LIMITS, nameAnswer, phoneAnswer, plainText, relationAnswer, secondContactAnswer, subjectNameAnswer, wordsWithLetters } from "./answers.ts";
import type { Question } from "./ask.ts";

/**
 * The dialogue's questions as data: what each asks, its one-line re-ask, its buttons, and how a typed
 * answer maps to them. The flow (request-dialogue.ts) decides which to ask and what to do with answers.
 */

export type Mode = "write" | "callback";
export type StepId = "mode" | "forWhom" | "subjectName" | "relation" | "contactName" | "phone" | "secondContact" | "address" | "details" | "callbackTime";

export const RELATIONS = ["parent", "child", "spouse", "grandchild", "grandparent", "relative", "neighbour", "friend"] as const;
export type Relation = (typeof RELATIONS)[number];
const isRelation = (value: string): value is Relation => (RELATIONS as readonly string[]).includes(value);

/** A number («noCalls»: for SMS only, the resident cannot take calls), or no phone at all: answers only in the bot. */
export type PhoneAnswer = { phone: string; noCalls?: true } | { botOnly: true } | CallOther;

/** «Please call my mother, not me» (with her number, when typed): staff phone the person in need. */
export interface CallOther {
  callOther: true;
  otherPhone?: string;
  /** At the summary, the whole message: what more it says («мама погано чує, дзвоніть їй…») is for staff. */
  words?: string;
}

/** A wish said with the consent («так, тільки не дзвоніть зранку»): a yes, and words for staff. */
export interface ConsentWithWish {
  wish: string;
}

/**
 * The answer to «як Вам зручніше?». Without `mode`, the message answered another question instead
 * («для мами», «меня зовут Наташа», a number, an address): that is kept (`said`) and the question asked again.
 */
export interface ModeAnswer {
  mode?: Mode;
  details?: string;
  /** No calls: «не дзвоніть», «я не чую, тільки писати» (with `said.phone`: SMS to that number only). */
  botOnly?: true;
  /** «Call my mother, not me»: a call-back to the person in need. */
  callOther?: CallOther;
  said?: Said;
}

/** What a typed message said that another question asks: kept, so that question is not asked. */
export interface Said {
  phone?: string;
  contactName?: string;
  forWhom?: ForWhom;
  address?: string;
}

export interface ForWhom {
  forOther: boolean;
  /** Said with it: «для тата» names the relation too. */
  relation?: Relation;
  /** The person as named («для мами»: mother), a code of requests/relations.ts. */
  word?: string;
  /** The person's name said with it («мій чоловік Бондар Іван»). */
  name?: string;
}

/** «для мами» → the relation (parent) and the word said (mother). */
function forWhomIn(book: AnswerBook, typed: string): ForWhom | undefined {
  const understood = book.understandForWhom(typed);
  if (!understood) return undefined;
  const relation = understood.relation && isRelation(understood.relation) ? understood.relation : undefined;
  const word = relation ? book.understand("relationWords", typed) : undefined;
  // «мій чоловік Бондар Іван Степанович»: the name said with the relation is kept (session 14's second trial).
  const named = relation ? book.nameIn(typed) : undefined;
  const bare = named?.relation ? named.bare.trim() : undefined;
  // One to three capitalised words: «Олег живе в Києві» is no name (the review of session 14).
  const name = bare && NAME_WORDS.test(bare) && isName(book, bare) ? named!.name : undefined;
  return { forOther: understood.forOther, ...(relation ? { relation } : {}), ...(word ? { word } : {}), ...(name ? { name } : {}) };
}

/** «Зв'язатися з Вами так само?»: yes, or no — with the new name or number when typed. */
export interface SameContact {
  same: boolean;
  name?: string;
  phone?: string;
}

/**
 * No calls: safe mode («не дзвоніть, він почує»: "safe", a number said with it is dropped — someone may
 * read the phone too) or the resident cannot take calls («я не чую», «тільки смс»: "sms", a number said
 * with it is kept for SMS).
 */
export const noCalls = (book: AnswerBook, typed: string): "safe" | "sms" | undefined =>
  book.understand("safeMode", typed) === "botOnly" ? "safe" : book.understand("noCalls", typed) === "noCalls" ? "sms" : undefined;

/** «call my mother, not me», «подзвоніть мамі, а не мені», with her number when typed. */
export function callOtherIn(book: AnswerBook, typed: string): CallOther | undefined {
  if (book.understand("callOther", typed) !== "other") return undefined;
  const found = residentPhoneIn(typed);
  return { callOther: true, ...(found && "phone" in found ? { otherPhone: found.phone } : {}) };
}

const withWords = (other: CallOther | undefined, typed: string): CallOther | undefined => other && { ...other, words: typed };

/** «дзвоніть мамі, а не мені» is five words: a message longer than this says more than whom to call. */
export const MORE_THAN_WHOM_TO_CALL = 6;

/**
 * «ой, я ошибся, правильный номер 0979876543», or the number alone, at the summary: the resident's own
 * number, corrected (session 14's trial: it was added to what is needed, and staff would have called the
 * wrong one). A number with other words is more to say (a neighbour's, whoever has the key).
 */
function phoneFixIn(book: AnswerBook, typed: string): { phone: string; bare?: true } | undefined {
  const found = residentPhoneIn(typed);
  if (!found || !("phone" in found)) return undefined;
  if (book.mentions("phoneFix", typed)) return { phone: found.phone };
  // A number alone: hers, unless the request is for someone else (then whose is not said: more to say).
  return wordsWithLetters(typed).length === 0 ? { phone: found.phone, bare: true } : undefined;
}

/**
 * A consent with more said («так, тільки не дзвоніть зранку», «да, звоните после обеда»): when to call
 * or not to — kept for staff (session 14's trial: the wish was read as a plain «так» and lost).
 */
function wishWithConsent(book: AnswerBook, typed: string): ConsentWithWish | undefined {
  if (wordsWithLetters(typed).length < 3) return undefined;
  if (!book.mentions("callbackTime", typed) && noCalls(book, typed) === undefined) return undefined;
  // Without the «так» it began with: staff read «тільки не дзвоніть зранку».
  const wish = typed.trim().replace(LEADING_YES, "");
  return { wish: wish || typed.trim() };
}

/** «так, », «да, згодна — », «yes, » before a wish. */
const LEADING_YES = /^(?:(?:так|да|yes|ага|угу|добре|згодна|згоден|згідна|згідний|согласна|согласен|ok|ок)[\s,.!:;—–-]+)+/iu;

/** Four words or more, or a number in them, and not a command: something to add to what is needed. */
const isMoreToSay = (typed: string): boolean =>
  !typed.startsWith("/") && typed.length <= LIMITS.details && (wordsWithLetters(typed).length >= 4 || residentPhoneIn(typed) !== null);

/**
 * «Ольга Петрівна», «Петро Іванович»: a full name as a name is typed, two or three capitalised words (one
 * word alone may be anything: «Субсидія», «Мама», «Так»).
 */
const looksLikeFullName = (typed: string): boolean => NAME_WORDS.test(typed.trim()) && typed.trim().includes(" ");
/** One to three capitalised words. */
const NAME_WORDS = /^\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}'’-]+){0,2}$/u;

/**
 * At «для кого?», what a later question asks, said first (session 14's second trial: a grandmother's
 * number and address, and «не дзвоніть» in danger, were refused there and had to be typed again): a
 * number, an address, no calls — kept. A name is not: whose it is (hers or the grandson's) is not known yet.
 */
export interface AnsweredAhead {
  ahead: Said;
  botOnly?: true;
}
function answeredAhead(book: AnswerBook, typed: string): AnsweredAhead | undefined {
  const found = residentPhoneIn(typed);
  const phone = found && "phone" in found ? found.phone : undefined;
  const no = noCalls(book, typed);
  if (no) return { ahead: phone && no === "sms" ? { phone } : {}, botOnly: true };
  if (book.isAddress(typed) && typed.length <= LIMITS.address) return { ahead: { address: typed } };
  const words = typed.split(/\s+/).filter(Boolean);
  if (phone && words.filter((word) => !/\d/u.test(word)).length <= 3) return { ahead: { phone } };
  return undefined;
}

/** Whether a message answers a question that comes later (a name, a number, an address, for whom). */
function answersAhead(book: AnswerBook, typed: string): boolean {
  if (residentPhoneIn(typed) || book.nameAfterIntro(typed) || book.isAddress(typed)) return true;
  // «для мами», «для себе» — not any «я» («я не розумію»).
  const forWhom = book.understandForWhom(typed);
  if (forWhom && (forWhom.relation || book.isExactly("forWhom", typed))) return true;
  return looksLikeFullName(typed);
}

export function createQuestions(t: Translate, book: AnswerBook) {
  const choice = (key: string, value: string) => ({ label: t(key), value });
  return {
    consent: (text: string): Question<boolean | ConsentWithWish> => ({
      step: "consent",
      text,
      short: t("req-short-consent"),
      choices: [choice("req-consent-yes", "yes"), choice("req-consent-no", "no")],
      fromChoice: (value) => (value === "yes" ? true : value === "no" ? false : undefined),
      understand: (typed) => {
        const option = book.consentOf(typed);
        return option === "yes" ? (wishWithConsent(book, typed) ?? true) : option === "no" ? false : undefined;
      },
      // A name, a number, «для мами» typed before the consent: said why it is asked again.
      unclear: (typed) => (answersAhead(book, typed) ? t("req-consent-first") : undefined),
      back: false,
    }),

    /** A longer message that names no mode is what is needed, written: `details` takes it. */
    mode: (back: boolean): Question<ModeAnswer> => ({
      step: "mode",
      text: t("req-mode"),
      short: t("req-short-mode"),
      choices: [choice("req-mode-write", "write"), choice("req-mode-callback", "callback")],
      fromChoice: (value) => (value === "write" || value === "callback" ? { mode: value } : undefined),
      understand: (typed) => {
        const other = callOtherIn(book, typed);
        if (other) return { mode: "callback", callOther: other, said: { forWhom: forWhomIn(book, typed) ?? { forOther: true } } };
        const found = residentPhoneIn(typed);
        const phone = found && "phone" in found ? found.phone : undefined;
        // «дзвонити не можна, він почує, пишіть сюди», «я не чую, тільки писати»: no calls, and what is
        // needed will be written; a number said with it is kept for SMS.
        const no = noCalls(book, typed);
        if (no) return { mode: "write", botOnly: true, ...(phone && no === "sms" ? { said: { phone } } : {}) };
        const option = book.understand("mode", typed);
        if (option === "write" || option === "callback") return { mode: option };
        const words = typed.split(/\s+/).filter(Boolean);
        // Another question's answer, said first: kept for later, and this one asked again.
        // «Петро Іванович» (second trial: a name was asked about four times), not «Добрий день».
        const alone = typed.trim();
        const name = book.nameAfterIntro(typed) ?? (looksLikeFullName(alone) && isName(book, alone) && classifySmallTalk(alone) === undefined ? alone : undefined);
        if (name && name.length <= LIMITS.name && !/\d/u.test(name)) return { said: { contactName: name } };
        if (phone && words.filter((word) => !/\d/u.test(word)).length <= 3) return { said: { phone } };
        if (book.isAddress(typed) && typed.length <= LIMITS.address) return { said: { address: typed } };
        const forWhom = forWhomIn(book, typed);
        if (forWhom && words.length <= 4 && (forWhom.relation || book.isExactly("forWhom", typed))) return { said: { forWhom } };
        // «так», «да» to an «or» question: asked again, saying how to answer.
        if (book.isExactly("consent", typed, ["yes"])) return {};
        return words.length >= 4 && typed.length <= LIMITS.details && !typed.startsWith("/") ? { mode: "write", details: typed } : undefined;
      },
      back,
    }),

    forWhom: (back: boolean): Question<ForWhom | AnsweredAhead> => ({
      step: "forWhom",
      text: t("req-for-whom"),
      short: t("req-short-forWhom"),
      choices: [choice("req-for-me", "me"), choice("req-for-other", "other")],
      fromChoice: (value) => (value === "me" ? { forOther: false } : value === "other" ? { forOther: true } : undefined),
      understand: (typed) => forWhomIn(book, typed) ?? answeredAhead(book, typed),
      // A name, a number, an address or what is needed typed here: said why it is asked again.
      unclear: (typed) => (answersAhead(book, typed) || isMoreToSay(typed) ? t("req-for-whom-first") : undefined),
      back,
    }),

    subjectName: (back: boolean, skip: boolean): Question<{ name: string; relation?: string }> => ({
      step: "subjectName",
      text: t("req-subject-name"),
      parse: (answer) => subjectNameAnswer(answer, t, book),
      back,
      skip,
    }),

    /**
     * A button gives the relation's code, a typed word its own («мама»: mother), shown in each reader's
     * language (requests/relations.ts); anything else typed is kept as typed.
     */
    relation: (back: boolean): Question<string> => ({
      step: "relation",
      text: t("req-subject-relation"),
      choices: RELATIONS.map((relation) => choice(`relation-${relation}`, relation)),
      columns: 2,
      fromChoice: (value) => (isRelation(value) ? value : undefined),
      understand: (typed) => (book.isExactly("relationWords", typed) ? book.understand("relationWords", typed) : undefined),
      parse: (answer) => relationAnswer(answer, t),
      back,
      skip: true,
    }),

    /** A returning resident: the name and phone of their last request, kept with one tap («так, той самий»). */
    sameContact: (back: boolean, shown: string): Question<SameContact> => ({
      step: "sameContact",
      text: t("req-same-contact", { contact: shown }),
      short: t("req-short-sameContact"),
      choices: [choice("req-same-contact-yes", "same"), choice("req-same-contact-no", "other")],
      fromChoice: (value) => (value === "same" ? { same: true } : value === "other" ? { same: false } : undefined),
      understand: (typed) => {
        // A new number or a new name typed instead of «ні»: the new contact itself.
        // A name is taken when it looks like one (capitalised, up to three words, no «ні, новий номер»);
        // after «мене звати» always.
        const nameIn = (text: string) => {
          const introduced = book.nameAfterIntro(text);
          const name = introduced ?? text.trim();
          const looksLikeName = introduced !== undefined || (/^\p{Lu}/u.test(name) && name.split(/\s+/u).length <= 3 && !book.understand("sameContact", name));
          return looksLikeName && isName(book, name) ? name : undefined;
        };
        const found = findResidentPhone(typed);
        if (found) {
          const name = nameIn(found.rest);
          return { same: false, phone: found.phone, ...(name ? { name } : {}) };
        }
        const option = book.understand("sameContact", typed);
        if (option === "same" || option === "other") return { same: option === "same" };
        const name = nameIn(typed);
        return name ? { same: false, name } : undefined;
      },
      back,
    }),

    /**
     * The resident's own name. Asking for someone else (`forOther`), «мамин номер 097…, дзвоніть їй, а не
     * мені» typed here is no name but «call her, not me» (second trial: it became her name).
     */
    contactName: (back: boolean, offered?: string, forOther = false): Question<string | CallOther> => ({
      step: "contactName",
      text: t("req-contact-name"),
      choices: offered ? [{ label: t("req-use-name", { name: offered }), value: "telegram" }] : [],
      fromChoice: (value) => (value === "telegram" ? offered : undefined),
      ...(forOther ? { understand: (typed: string) => callOtherIn(book, typed) } : {}),
      parse: (answer) => nameAnswer(answer, t, book, true),
      back,
    }),

    /** A number, or safe mode: «🔕 не дзвоніть, пишіть лише сюди» (a button, or the words typed). */
    phone: (back: boolean): Question<PhoneAnswer> => ({
      step: "phone",
      text: t("req-phone"),
      // One message: «📱» to share the number, then «🔕», «⬅️ Назад», «✖️ Скасувати» as keys of the same keyboard.
      replyKeys: [[{ text: t("req-phone-share"), request_contact: true }]],
      choices: [choice("req-phone-bot-only", "botonly")],
      fromChoice: (value) => (value === "botonly" ? { botOnly: true } : undefined),
      // «нема», «не маю телефону» (noPhone) mean it too, unless the message holds a number after all.
      // «0671112233 тільки смс, я не чую»: the number, for SMS only; «я глухий, СМС або сюди»: no phone.
      // «той самий, що в телеграмі» never means no phone (parse asks for the «📱» key).
      understand: (typed) => {
        if (book.understand("telegramNumber", typed) === "same") return undefined;
        const other = callOtherIn(book, typed);
        if (other) return other;
        const found = residentPhoneIn(typed);
        // «050 111 22 33, не дзвоніть зранку, я на роботі»: when to call, not whether (third trial: the
        // number was dropped) — the number is taken as usual.
        if (found && "phone" in found && book.mentions("callbackTime", typed)) return undefined;
        const no = noCalls(book, typed);
        if (no === "sms" && found) return "phone" in found ? { phone: found.phone, noCalls: true } : undefined;
        if (no) return { botOnly: true };
        return book.understand("noPhone", typed) === "none" && !found ? { botOnly: true } : undefined;
      },
      parse: (answer) => {
        const parsed = phoneAnswer(answer, t);
        if (parsed && "value" in parsed) return { value: { phone: parsed.value } };
        const typed = answer.message?.text;
        // «номер як у телеграмі»: the bot sees it only when shared.
        if (typed !== undefined && book.understand("telegramNumber", typed) === "same") return { invalid: t("req-phone-telegram") };
        // «Лена», «мені треба продуктові набори» (third trial: «у номері помилка»): no number at all.
        if (typed !== undefined && !/\d/u.test(typed)) return { invalid: `${t("req-phone-no-digits")}\n${t("req-phone-none")}` };
        return parsed;
      },
      back,
    }),

    /** Asking for someone else: a number of the person in need or a neighbour, with a name if given. Optional. */
    secondContact: (back: boolean, subject: string): Question<{ name?: string; phone: string }> => ({
      step: "secondContact",
      text: t("req-second-contact", { subject }),
      parse: (answer) => secondContactAnswer(answer, t),
      back,
      skip: true,
    }),

    address: (back: boolean): Question<string> => ({
      step: "address",
      text: t("req-address"),
      parse: (answer) => plainText(answer, LIMITS.address, t),
      back,
      skip: true,
    }),

    details: (back: boolean, intro: string): Question<{ text?: string; attachment?: Attachment }> => ({
      step: "details",
      text: `${intro}${t("req-details")}`,
      // «ні не треба» is no description (third trial: it became what is needed): said how else to go on.
      parse: (answer) => (answer.message?.text !== undefined && book.navigationOf(answer.message.text) === "skip" ? { invalid: t("req-details-needed") } : detailsAnswer(answer, t)),
      back,
    }),

    /** `callOther`: the person in need is phoned, not the resident («call my mother, not me»). */
    callbackTime: (back: boolean, callOther = false): Question<CallBackTime> => ({
      step: "callbackTime",
      text: t(callOther ? "req-callback-time-other" : "req-callback-time"),
      short: t(callOther ? "req-short-callbackTime-other" : "req-short-callbackTime"),
      choices: CALL_BACK_TIMES.map((time) => choice(`time-${time}`, time)),
      fromChoice: (value) => ((CALL_BACK_TIMES as readonly string[]).includes(value) ? (value as CallBackTime) : undefined),
      understand: (typed) => book.understand("callbackTime", typed) as CallBackTime | undefined,
      back,
    }),

    /**
     * Send or change; asking for someone else, also «➕ another contact» (offerSecond); a 🆘 request with
     * a phone, also «🔕 не дзвоніть» (offerNoCalls: danger said after the phone was given, and a call may
     * be overheard).
     */
    summary: (
      text: string,
      sendValue: string,
      offerSecond = false,
      offerNoCalls = false,
    ): Question<"send" | "edit" | "second" | "nocalls" | { address: string } | { more: string } | { phone: string; bare?: true } | CallOther> => ({
      step: "summary",
      text,
      short: t("req-short-summary"),
      choices: [
        { label: t("req-send"), value: sendValue },
        ...(offerNoCalls ? [choice("req-phone-bot-only", "nocalls")] : []),
        choice("req-edit", "edit"),
        ...(offerSecond ? [choice("req-add-second-contact", "second")] : []),
      ],
      fromChoice: (value) =>
        value === sendValue || value === "send" ? "send" : (["edit", ...(offerSecond ? ["second"] : []), ...(offerNoCalls ? ["nocalls"] : [])].find((offered) => offered === value) as "edit" | "second" | "nocalls" | undefined),
      // An address typed here is added to the request, not taken for «send» or lost; so is anything
      // longer that is neither (a son's «mama ne chuje dobre, dzvonit' yij na nomer …»: what is needed).
      understand: (typed) =>
        (offerNoCalls && noCalls(book, typed) ? "nocalls" : undefined) ??
        withWords(callOtherIn(book, typed), typed) ??
        phoneFixIn(book, typed) ??
        (book.isAddress(typed) && typed.length <= LIMITS.address
          ? { address: typed }
          : ((book.understandPlainly("summary", typed, ["send"]) as "send" | "edit" | undefined) ?? (isMoreToSay(typed) ? { more: typed } : undefined))),
      menuSend: "send",
      back: false,
    }),

    edit: (choices: Array<{ label: string; value: StepId }>): Question<StepId> => ({
      step: "edit",
      text: t("req-edit-which"),
      short: t("req-short-edit"),
      choices,
      fromChoice: (value) => choices.find((candidate) => candidate.value === value)?.value,
    }),
  };
}
