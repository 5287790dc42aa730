import { CALL_BACK_TIMES, type Attachment, type CallBackTime } from "../../../requests/service.ts";
import type { AnswerBook } from "../../../requests/typed-answers.ts";
import { residentPhoneIn } from "../../../requests/phone.ts";
import type { Translate } from "../../context.ts";
import { detailsAnswer, LIMITS, phoneAnswer, plainText, secondContactAnswer } from "./answers.ts";
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

export type PhoneAnswer = { phone: string } | { botOnly: true };

export interface ForWhom {
  forOther: boolean;
  /** Said with it: «для тата» names the relation too. */
  relation?: Relation;
}

export function createQuestions(t: Translate, book: AnswerBook) {
  const choice = (key: string, value: string) => ({ label: t(key), value });
  return {
    consent: (text: string): Question<boolean> => ({
      step: "consent",
      text,
      short: t("req-short-consent"),
      choices: [choice("req-consent-yes", "yes"), choice("req-consent-no", "no")],
      fromChoice: (value) => (value === "yes" ? true : value === "no" ? false : undefined),
      understand: (typed) => {
        const option = book.understand("consent", typed);
        return option === "yes" ? true : option === "no" ? false : undefined;
      },
      back: false,
    }),

    /** A longer message that names no mode is what is needed, written: `details` takes it. */
    mode: (back: boolean): Question<{ mode: Mode; details?: string; botOnly?: true }> => ({
      step: "mode",
      text: t("req-mode"),
      short: t("req-short-mode"),
      choices: [choice("req-mode-write", "write"), choice("req-mode-callback", "callback")],
      fromChoice: (value) => (value === "write" || value === "callback" ? { mode: value } : undefined),
      understand: (typed) => {
        // «дзвонити не можна, він почує, пишіть сюди»: safe mode, and what is needed will be written.
        if (book.understand("safeMode", typed) === "botOnly") return { mode: "write", botOnly: true };
        const option = book.understand("mode", typed);
        if (option === "write" || option === "callback") return { mode: option };
        const words = typed.split(/\s+/).filter(Boolean);
        return words.length >= 4 && typed.length <= LIMITS.details && !typed.startsWith("/") ? { mode: "write", details: typed } : undefined;
      },
      back,
    }),

    forWhom: (back: boolean): Question<ForWhom> => ({
      step: "forWhom",
      text: t("req-for-whom"),
      short: t("req-short-forWhom"),
      choices: [choice("req-for-me", "me"), choice("req-for-other", "other")],
      fromChoice: (value) => (value === "me" ? { forOther: false } : value === "other" ? { forOther: true } : undefined),
      understand: (typed) => {
        const understood = book.understandForWhom(typed);
        if (!understood) return undefined;
        return { forOther: understood.forOther, ...(understood.relation && isRelation(understood.relation) ? { relation: understood.relation } : {}) };
      },
      back,
    }),

    subjectName: (back: boolean, skip: boolean): Question<string> => ({
      step: "subjectName",
      text: t("req-subject-name"),
      parse: (answer) => plainText(answer, LIMITS.name, t),
      back,
      skip,
    }),

    /** A button gives the relation as the resident's language names it; a typed one is kept as typed. */
    relation: (back: boolean): Question<string> => ({
      step: "relation",
      text: t("req-subject-relation"),
      choices: RELATIONS.map((relation) => choice(`relation-${relation}`, relation)),
      columns: 2,
      fromChoice: (value) => (isRelation(value) ? t(`relation-${value}`) : undefined),
      parse: (answer) => plainText(answer, LIMITS.relation, t),
      back,
      skip: true,
    }),

    /** A returning resident: the name and phone of their last request, kept with one tap («так, той самий»). */
    sameContact: (back: boolean, shown: string): Question<boolean> => ({
      step: "sameContact",
      text: t("req-same-contact", { contact: shown }),
      short: t("req-short-sameContact"),
      choices: [choice("req-same-contact-yes", "same"), choice("req-same-contact-no", "other")],
      fromChoice: (value) => (value === "same" ? true : value === "other" ? false : undefined),
      understand: (typed) => {
        const option = book.understand("sameContact", typed);
        return option === "same" ? true : option === "other" ? false : undefined;
      },
      back,
    }),

    contactName: (back: boolean, offered?: string): Question<string> => ({
      step: "contactName",
      text: t("req-contact-name"),
      choices: offered ? [{ label: t("req-use-name", { name: offered }), value: "telegram" }] : [],
      fromChoice: (value) => (value === "telegram" ? offered : undefined),
      parse: (answer) => plainText(answer, LIMITS.name, t),
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
      // «нема», «не маю телефону» (noPhone) mean it too, unless the message holds a number after all;
      // «той самий, що в телеграмі» never does (parse asks for the «📱» key).
      understand: (typed) =>
        book.understand("telegramNumber", typed) !== "same" &&
        (book.understand("safeMode", typed) === "botOnly" || (book.understand("noPhone", typed) === "none" && !residentPhoneIn(typed)))
          ? { botOnly: true }
          : undefined,
      parse: (answer) => {
        const parsed = phoneAnswer(answer, t);
        if (parsed && "value" in parsed) return { value: { phone: parsed.value } };
        const typed = answer.message?.text;
        // «номер як у телеграмі»: the bot sees it only when shared.
        return typed !== undefined && book.understand("telegramNumber", typed) === "same" ? { invalid: t("req-phone-telegram") } : parsed;
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
      parse: (answer) => detailsAnswer(answer, t),
      back,
    }),

    callbackTime: (back: boolean): Question<CallBackTime> => ({
      step: "callbackTime",
      text: t("req-callback-time"),
      short: t("req-short-callbackTime"),
      choices: CALL_BACK_TIMES.map((time) => choice(`time-${time}`, time)),
      fromChoice: (value) => ((CALL_BACK_TIMES as readonly string[]).includes(value) ? (value as CallBackTime) : undefined),
      understand: (typed) => book.understand("callbackTime", typed) as CallBackTime | undefined,
      back,
    }),

    /** Send or change; asking for someone else, also «➕ another contact» (offerSecond). */
    summary: (text: string, sendValue: string, offerSecond = false): Question<"send" | "edit" | "second"> => ({
      step: "summary",
      text,
      short: t("req-short-summary"),
      choices: [{ label: t("req-send"), value: sendValue }, choice("req-edit", "edit"), ...(offerSecond ? [choice("req-add-second-contact", "second")] : [])],
      fromChoice: (value) =>
        value === sendValue || value === "send" ? "send" : value === "edit" ? "edit" : value === "second" && offerSecond ? "second" : undefined,
      understand: (typed) => book.understand("summary", typed) as "send" | "edit" | undefined,
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
