import type { Statement } from "../../../db/sql.ts";
import type { LastContact } from "../../../requests/last-contact.ts";
import { findResidentPhone, formatPhone, residentPhoneIn } from "../../../requests/phone.ts";
import { firstCodePoints, hasVisibleText } from "../../../requests/text.ts";
import type { BotDeps, Translate } from "../../context.ts";
import type { mainMenu } from "../../keyboards.ts";
import { escapeHtml } from "../../render/html.ts";
import { pick, quote } from "../../render/text.ts";
import { LIMITS, looksLikeSentence, wordsWithLetters } from "./answers.ts";
import type { AskKit, Asked, Question } from "./ask.ts";
import { editChoices, renderSummary } from "./render.ts";
import { callOther, keepRelation, keepSaid } from "./said.ts";
import { plan, type DialogueState, type QuestionId } from "./state.ts";
import { MORE_THAN_WHOM_TO_CALL, type CallOther, type createQuestions, type ForWhom, type ModeAnswer, type StepId } from "./steps.ts";

/**
 * What each answer does: for every question the dialogue asks, how it is asked (its words for this
 * draft) and what its answer changes in the draft before the dialogue moves on. Where it moves
 * (the next step, the summary, back, cancel) and how it asks is the dialogue's (request-dialogue.ts),
 * handed in as a `Flow`, so these handlers only decide, question by question.
 */

/** How a step ended: answered (or skipped), «⬅️ Назад», or «cancel». */
export type Outcome = "next" | "back" | "cancel";

/** A question with what to do with its answer. */
export interface Handler {
  question: () => Question<unknown>;
  onAnswer: (asked: Asked<unknown>) => Promise<void>;
}
const handler = <T>(question: () => Question<T>, onAnswer: (asked: Asked<T>) => Promise<void>): Handler => ({
  question: question as () => Question<unknown>,
  onAnswer: onAnswer as (asked: Asked<unknown>) => Promise<void>,
});

/** Words that only say a number follows («мій номер», «тел.»), left at the end of a name typed with it. */
const PHONE_WORDS = /(?:^|[\s,;:–—-])(?:(?:мій|мой|my)\s+)?(?:номер(?:\s+телефону)?|телефон|тел\.?|моб\.?|mobile|phone(?:\s+number)?|number)[\s:.,–—-]*$/iu;

/** A name typed with the resident's own number: both, or undefined when the answer holds no one clear number. */
function nameAndPhone(typed: string): { name: string; phone: string } | undefined {
  const one = residentPhoneIn(typed);
  if (!one || !("phone" in one)) return undefined;
  const found = findResidentPhone(typed);
  if (!found) return undefined;
  const name = found.rest.replace(PHONE_WORDS, "").replace(/^[\s,;:–—-]+|[\s,;:–—-]+$/gu, "");
  return { name: hasVisibleText(name) ? name : "", phone: one.phone };
}

const outcomeOf = (result: { outcome: "back" | "cancel" | "skip" }): Outcome => (result.outcome === "skip" ? "next" : result.outcome);

/** The dialogue handling this update, as its answer handlers use it (request-dialogue.ts's machine). */
export interface Flow {
  deps: BotDeps;
  /** The session's dialogue, changed in place. */
  state: DialogueState;
  residentId: bigint;
  /** The consent's purpose and text version (requests/consent.ts). */
  purpose: string;
  version: string;
  kit: AskKit;
  t: Translate;
  questions: ReturnType<typeof createQuestions>;
  /** The main menu's keyboard, to put back in place of the phone's reply keys. */
  menu: () => { reply_markup: ReturnType<typeof mainMenu> };
  /** The started-from service's name (HTML), if any. */
  serviceName: string | undefined;
  /** The routed service's name (HTML) for the summary (route.ts). */
  routedName: () => string | undefined;
  /** Marks a step answered (not asked again) or asks it again. */
  answer: (step: StepId) => void;
  unanswer: (step: StepId) => void;
  /** Asks a question; `notice` goes in the same message. */
  ask: (question: QuestionId, notice?: string) => Promise<void>;
  goStep: (step: StepId, notice?: string) => Promise<void>;
  goSummary: (notice?: string) => Promise<void>;
  /** After consent: the steps, from the first. */
  beginSteps: (previous: LastContact | null, notice?: string) => Promise<void>;
  /** The next of the steps chosen on the summary, or the summary again. */
  nextEdit: (notice?: string) => Promise<void>;
  /** A step is done: where to go from it. */
  afterStep: (outcome: Outcome, notice?: string) => Promise<void>;
  /** Safe mode on a call-back request: it becomes a written one; says whether it did. */
  writtenInstead: () => boolean;
  /** «cancel»: ends the dialogue (or says its request was already sent). */
  cancelled: () => Promise<void>;
  /** Ends the dialogue. */
  end: () => void;
  /** «Надіслати» (submit.ts). */
  submit: () => Promise<void>;
  /** The session as it is now, as a statement to commit with this update's own, before the next question is sent. */
  sessionNow: () => { statements: readonly Statement[]; written: () => void };
  /** Runs `save` once the next question is set (the session waits for it), before it is sent. */
  saveBeforeAsking: (save: () => Promise<void>) => void;
}

/** The handlers of every question, for the dialogue handling this update. */
export function answerHandlers(flow: Flow): Record<QuestionId, Handler> {
  const { deps, state, residentId, purpose, version, kit, t, questions, menu, serviceName, routedName } = flow;
  const { answer, unanswer, ask, goStep, goSummary, beginSteps, nextEdit, afterStep, writtenInstead, cancelled, end, submit, sessionNow, saveBeforeAsking } = flow;
  const { args, draft } = state;
  const community = deps.catalog.communities.get(args.communityId);
  /** A step's answer: stores a value (or turns back/cancel/skip into the flow's outcome), then moves on. */
  const settle = <T>(store: (value: T) => void | Promise<void>) =>
    async (result: Asked<T>) => {
      if ("value" in result) await store(result.value);
      await afterStep("value" in result ? "next" : outcomeOf(result));
    };

  const callOtherInstead = (other: CallOther) => callOther(state, other);
  /** The last request's contact as «так, ті самі» keeps it: the number and how (SMS only), or only in the bot. */
  const previousShown = (previous: LastContact): string => {
    const name = quote(previous.contactName, LIMITS.name);
    if (!previous.phone) return `${name}, ${t("req-summary-bot-only")}`;
    return `${name}, ${formatPhone(previous.phone)}${previous.contactByBotOnly ? `, ${t("req-summary-sms-only")}` : ""}`;
  };
  /** «Для кого?» answered. */
  const forWhomAnswered = settle((value: ForWhom) => {
    draft.onBehalf = value.forOther;
    unanswer("relation");
    if (!value.forOther) {
      delete draft.subjectName;
      delete draft.subjectRelation;
    } else keepRelation(state, value);
  });
  /** «Як Вам зручніше?» answered: the mode, with no calls or what is needed when said with it. */
  const modeAnswered = settle((value: ModeAnswer) => {
    draft.mode = value.mode;
    if (value.mode === "callback" && draft.contactByBotOnly) {
      // «Не дзвоніть» said before, a call asked for now (back at this question): the phone is asked again.
      delete draft.contactByBotOnly;
      unanswer("phone");
    }
    if (value.botOnly) {
      // No calls; a number said with it («0671112233 тільки смс») is kept for SMS.
      keepSaid(state, value.said, t);
      draft.contactByBotOnly = true;
      if (!value.said?.phone) delete draft.phone;
      answer("phone");
    }
    if (value.details) {
      draft.details = value.details;
      answer("details");
    } else unanswer("details");
    if (value.callOther) {
      keepSaid(state, value.said, t);
      if (draft.onBehalf) callOtherInstead(value.callOther);
    }
  });

  return {
    consent: handler(
      () => questions.consent(t(args.danger ? "danger-req-consent" : "req-consent", { community: escapeHtml(pick(community?.name, args.locale) ?? ""), days: deps.settings.retentionDays })),
      async (consent) => {
        if (!("value" in consent) || !consent.value) {
          await kit.say("value" in consent ? t("req-consent-declined") : t("req-cancelled"), menu());
          return end();
        }
        // «Так, тільки не дзвоніть зранку»: the wish goes to staff with what is needed.
        // (After a story kept there — a call-back asked for in it — not instead of it.)
        if (typeof consent.value === "object") draft.saidAlong = draft.saidAlong ? `${draft.saidAlong}\n${consent.value.wish}` : consent.value.wish;
        const resident = { locale: args.locale, communityId: args.communityId };
        if (plan(state)[0] === "contactName") {
          // The first question is the name, which offers the last contact: read before it is asked.
          const given = await deps.consents.giveWithLastContact(residentId, purpose, version, resident);
          state.consentAt = given.givenAt.toISOString();
          return beginSteps(given.lastContact);
        }
        // The consent and the session (at the first question, consent given) in one round trip and
        // transaction, committed before that question is sent: no personal data is asked before consent.
        saveBeforeAsking(async () => {
          let session: ReturnType<typeof sessionNow> | undefined;
          const given = await deps.consents.giveWithLastContact(residentId, purpose, version, resident, (givenAt) => {
            state.consentAt = givenAt.toISOString();
            return (session = sessionNow()).statements;
          });
          session?.written();
          // A returning resident's last contact, offered at the name step later (the session is written again).
          if (given.lastContact) state.previous = given.lastContact;
        });
        await beginSteps(null);
      },
    ),
    mode: handler(
      () => questions.mode(true),
      async (result) => {
        // «для мами», «меня зовут Наташа», a number, an address — kept; «так» — how to answer. Asked again.
        if ("value" in result && !result.value.mode) return ask("mode", t(keepSaid(state, result.value.said, t) ? "req-noted" : "req-mode-which"));
        await modeAnswered(result);
      },
    ),
    forWhom: handler(
      () => questions.forWhom(true),
      async (result) => {
        if ("value" in result && "ahead" in result.value) {
          // A number, an address, «не дзвоніть» said first: kept, and «для кого?» asked again.
          keepSaid(state, result.value.ahead, t);
          if (result.value.botOnly) {
            draft.contactByBotOnly = true;
            if (!result.value.ahead.phone) delete draft.phone;
            answer("phone");
          }
          return ask("forWhom", t("req-for-whom-noted"));
        }
        await forWhomAnswered(result as Asked<ForWhom>);
      },
    ),
    subjectName: handler(
      () => questions.subjectName(true, draft.mode === "callback"),
      settle((value) => {
        draft.subjectName = value.name;
        // «мій чоловік …»: the relation said with the name, unless it was said before.
        if (value.relation && !state.answered.includes("relation")) {
          draft.subjectRelation = value.relation;
          answer("relation");
        }
      }),
    ),
    relation: handler(
      () => questions.relation(true),
      settle((value) => void (draft.subjectRelation = value)),
    ),
    sameContact: handler(
      () => questions.sameContact(true, previousShown(state.previous!)),
      async (same) => {
        if (!("value" in same)) return afterStep(outcomeOf(same));
        const kept = state.previous!;
        delete state.previous; // asked once: going back or changing the name later asks the name itself
        if (!same.value.same) {
          const { name, phone } = same.value;
          if (!name && !phone) return ask("contactName");
          // A new name or number typed: the new contact (the other part kept; a new name alone asks the phone).
          draft.contactName = name ?? kept.contactName;
          if (phone) {
            draft.phone = phone;
            delete draft.contactByBotOnly;
            answer("phone");
          } else unanswer("phone");
          return afterStep("next", t("req-noted"));
        }
        draft.contactName = kept.contactName;
        if (kept.phone && !draft.contactByBotOnly) {
          draft.phone = kept.phone;
          // SMS only last time («тільки смс, я не чую»): it stays so, and a call-back becomes written, as
          // when it was said at the phone question. «✏️ Вказати інші» is there to change it.
          if (kept.contactByBotOnly) {
            draft.contactByBotOnly = true;
            if (writtenInstead()) {
              answer("phone");
              return afterStep("next", t("req-callback-written"));
            }
          }
        } else {
          // Bot-only last time (or said so already in this dialogue): it stays so.
          draft.contactByBotOnly = true;
          delete draft.phone;
          if (writtenInstead()) {
            answer("phone");
            return afterStep("next", t("req-callback-written"));
          }
        }
        answer("phone");
        return afterStep("next");
      },
    ),
    contactName: handler(
      () => {
        // A Telegram name can be invisible (a Hangul filler is a popular one): then it is not offered.
        const firstName = hasVisibleText(args.firstName) ? firstCodePoints(args.firstName!.trim(), LIMITS.name) : undefined;
        return questions.contactName(true, firstName, draft.onBehalf === true);
      },
      async (result) => {
        // «Call her, not me», with her number when typed: staff phone the person in need; the resident's
        // own name is still to say.
        if ("value" in result && typeof result.value === "object") {
          callOtherInstead(result.value);
          return ask("contactName", t(draft.secondContact ? "req-call-other-ok" : "req-call-other-number"));
        }
        const typed = result as Asked<string>;
        // «Галина Петрівна, 067 123 45 67»: the name and the phone at once (not in safe mode: nobody calls).
        const both = "value" in typed ? nameAndPhone(typed.value) : undefined;
        // In safe mode a number is not taken (nobody calls, someone may read it): it is no name either.
        if (both && draft.contactByBotOnly) return ask("contactName", t("req-name-please"));
        if (!both) return settle((value: string) => void (draft.contactName = value))(typed);
        draft.phone = both.phone;
        answer("phone");
        const taken = `📞 ${formatPhone(both.phone)} ✓`;
        // Only a number (or a number in a sentence): it is the phone; the name is still to say.
        if (!both.name || looksLikeSentence(both.name)) return ask("contactName", taken);
        draft.contactName = both.name;
        return afterStep("next", taken);
      },
    ),
    phone: handler(
      // The crisis path: a number only if a call is safe; «🔕» first in the words.
      () => (args.danger ? { ...questions.phone(true), text: t("danger-req-phone") } : questions.phone(true)),
      settle(async (value) => {
        if ("callOther" in value) {
          if (draft.onBehalf) {
            callOtherInstead(value);
            unanswer("phone"); // the phone step itself was answered: it stays in the plan, the next is hers
            return kit.say(t("req-call-other-ok"), menu()).then(() => void delete state.keys);
          }
          draft.contactByBotOnly = true; // for oneself: nobody else to call, so no calls
          delete draft.phone;
        } else if ("phone" in value) {
          draft.phone = value.phone;
          // «тільки смс, я не чую»: the number is kept, for SMS only; nobody phones.
          if (value.noCalls) draft.contactByBotOnly = true;
          else delete draft.contactByBotOnly;
        } else {
          // Safe mode: no phone; a call-back request becomes a written one (nobody will call), and says so.
          draft.contactByBotOnly = true;
          delete draft.phone;
        }
        const noCalls = !("phone" in value) || value.noCalls === true || "callOther" in value;
        const written = noCalls && writtenInstead();
        const said = "phone" in value ? `📞 ${formatPhone(value.phone)} ✓${noCalls ? `\n${t("req-sms-only-ok")}` : ""}` : t("req-bot-only-ok");
        // Puts the main menu back in place of the one-off "share my number" keyboard.
        await kit.say(written ? t("req-callback-written") : said, menu());
        delete state.keys;
      }),
    ),
    secondContact: handler(
      () => questions.secondContact(true, draft.subjectName ? quote(draft.subjectName, LIMITS.name) : t("req-second-contact-subject")),
      async (result) => {
        if (!("value" in result) && result.outcome === "skip") delete draft.secondContact;
        // «Call her, not me»: a number alone is hers, named as the person in need.
        const named = (value: { name?: string; phone: string }) => (draft.callOther && !value.name && draft.subjectName ? { ...value, name: draft.subjectName } : value);
        await settle((value: { name?: string; phone: string }) => void (draft.secondContact = named(value)))(result);
      },
    ),
    address: handler(
      () => questions.address(true),
      async (result) => {
        if (!("value" in result) && result.outcome === "skip") delete draft.address;
        await settle((value: string) => void (draft.address = value))(result);
      },
    ),
    details: handler(
      () => questions.details(true, serviceName ? `${t("req-details-for", { service: serviceName })}\n` : ""),
      settle((value) => {
        draft.details = value.text;
        draft.attachments = value.attachment ? [value.attachment] : [];
      }),
    ),
    callbackTime: handler(
      () => questions.callbackTime(true, draft.callOther === true),
      settle((value) => void (draft.callBackTime = value)),
    ),
    // Send, change a field, or cancel. Asking for someone else, a second contact is one tap away.
    summary: handler(
      () =>
        questions.summary(
          renderSummary(t, draft, routedName()),
          `send:${state.submitKey}`,
          Boolean(draft.onBehalf && !draft.secondContact),
          Boolean(args.danger && draft.phone && !draft.contactByBotOnly),
        ),
      async (decision) => {
        if (!("value" in decision)) return cancelled();
        // More typed at the summary: added to what is needed (a call-back request's, to the words for staff).
        const addMore = (more: string) => {
          const callback = draft.mode === "callback";
          const before = callback ? draft.saidAlong : draft.details;
          const added = before ? `${before}\n${more}` : more;
          if (Array.from(added).length > LIMITS.details) return false;
          if (callback) draft.saidAlong = added;
          else draft.details = added;
          return true;
        };
        if (typeof decision.value === "object" && "callOther" in decision.value) {
          const { words } = decision.value;
          // «Please call my mother, not me»: she is the one staff phone; the resident is written to here.
          // For oneself there is no one else to phone: the words are more to say («ключ у сусідки, її номер …»).
          if (!draft.onBehalf) return words && addMore(words) ? goSummary(t("req-details-added")) : ask("summary");
          callOtherInstead(decision.value);
          // «Мама погано чує, дзвоніть їй на …»: what else it says is for staff too.
          if (words && wordsWithLetters(words).length > MORE_THAN_WHOM_TO_CALL) addMore(words);
          if (draft.secondContact) return goSummary(t("req-call-other-ok"));
          state.phase = "second";
          return goStep("secondContact", t("req-call-other-number"));
        }
        if (typeof decision.value === "object" && "more" in decision.value) {
          if (addMore(decision.value.more)) return goSummary(t("req-details-added"));
          return ask("summary", draft.mode === "callback" ? t("req-summary-unclear") : t("req-too-long", { max: LIMITS.details }));
        }
        if (typeof decision.value === "object" && "phone" in decision.value) {
          // In danger, «не дзвоніть» said before holds: a number is not taken here (someone may read an SMS).
          if (args.danger && draft.contactByBotOnly) return ask("summary");
          // A number alone in a request for someone else may be theirs: kept as more to say, not as hers.
          if (decision.value.bare && draft.onBehalf) return addMore(formatPhone(decision.value.phone)) ? goSummary(t("req-details-added")) : ask("summary");
          // Her own number, corrected: it replaces the one given (no calls asked for before stay so: SMS only).
          draft.phone = decision.value.phone;
          answer("phone");
          return goSummary(`📞 ${formatPhone(decision.value.phone)} ✓`);
        }
        if (typeof decision.value === "object") {
          // An address typed at the summary («вулиця Київська 15, кв. 8, біля базару»): added, shown again.
          draft.address = decision.value.address;
          answer("address");
          return goSummary(t("req-address-added"));
        }
        if (decision.value === "send") return submit();
        if (decision.value === "nocalls") {
          // Nobody calls: answers only in the chat; the number is not kept (someone else may read the phone
          // too). A call-back request becomes a written one (her words of danger are what is needed).
          draft.contactByBotOnly = true;
          delete draft.phone;
          if (draft.mode === "callback") {
            draft.mode = "write";
            delete draft.callBackTime;
          }
          return goSummary(t("req-bot-only-ok"));
        }
        if (decision.value === "second") {
          state.phase = "second";
          return goStep("secondContact");
        }
        state.phase = "edit";
        return ask("edit");
      },
    ),
    edit: handler(
      () => questions.edit(editChoices(t, draft, args.onBehalf === undefined)),
      async (which) => {
        if (!("value" in which)) return which.outcome === "cancel" ? cancelled() : goSummary();
        state.phase = "editing";
        state.edits = which.value === "forWhom" ? ["forWhom", "subjectName", "relation"] : [which.value];
        return nextEdit();
      },
    ),
  };
}
