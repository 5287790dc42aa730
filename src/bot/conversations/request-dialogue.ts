import { randomBytes } from "node:crypto";
import type { MiddlewareFn } from "grammy";
import { consentVersion, requestsPurpose } from "../../requests/consent.ts";
import type { LastContact } from "../../requests/last-contact.ts";
import { findResidentPhone, formatPhone, residentPhoneIn } from "../../requests/phone.ts";
import { storyDraftOf } from "../../requests/story.ts";
import { firstCodePoints, hasVisibleText } from "../../requests/text.ts";
import { answerBook } from "../../requests/typed-answers.ts";
import type { BotContext, BotDeps, Translate } from "../context.ts";
import { mainMenu, menuLabelsOf } from "../keyboards.ts";
import { SUPPORTED_LOCALES } from "../i18n.ts";
import { escapeHtml } from "../render/html.ts";
import { formatDay } from "../render/dates.ts";
import { pick, quote } from "../render/text.ts";
import { LIMITS } from "./dialogue/answers.ts";
import { prompt, replyKeyLabels, take, type AskKit, type Asked, type Question } from "./dialogue/ask.ts";
import { editChoices, renderSummary } from "./dialogue/render.ts";
import { routedServiceIdOf, routedServiceName } from "./dialogue/route.ts";
import { isDialogueState, plan, type DialogueState, type QuestionId, type RequestDialogueArgs } from "./dialogue/state.ts";
import { needsVisit } from "../../requests/visits.ts";
import { callOther, keepSaid } from "./dialogue/said.ts";
import { submitRequest } from "./dialogue/submit.ts";
import { createQuestions, type CallOther, type ModeAnswer, type StepId } from "./dialogue/steps.ts";

export { attachmentOf, LIMITS } from "./dialogue/answers.ts";
export type { RequestDialogueArgs } from "./dialogue/state.ts";

/**
 * The help-request dialogue: a state machine over the chat's session (dialogue/state.ts). Each update
 * is one answer to the question the dialogue waits for: read it (dialogue/ask.ts), store it in the
 * draft, move on and ask the next question (dialogue/steps.ts, dialogue/render.ts). The state lives in
 * the database with the session, so a restart loses nothing.
 *
 * Consent comes first, before any personal data is asked for. Every step can go back or be cancelled;
 * typed answers count as presses (data/dialogue/answers.yaml); anything that fits nothing gets a
 * one-line re-ask with fresh buttons. Texts come from the locale pinned when the dialogue started.
 */

/**
 * Bump when the stored state changes incompatibly: stored dialogues of an older version are dropped,
 * with a kind note (dialogue/versions.ts). 1–6 were conversations v2's replay logs; 7: the state machine.
 */
export const REQUEST_DIALOGUE_VERSION = 7;

type Outcome = "next" | "back" | "cancel";

/** A request's idempotency key, `hhsk-` and 12 random characters (findable in a stored dialogue: requests/drafts.ts). */
const newSubmitKey = () => `hhsk-${randomBytes(9).toString("base64url")}`;

/** A question with what to do with its answer. */
interface Handler {
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

/** Whether the chat is in the middle of a request dialogue. */
export const dialogueActive = (ctx: BotContext): boolean => ctx.session.dialogue !== undefined;

/** Ends the chat's dialogue, if any (/cancel, /start, a withdrawn consent); says whether there was one. */
export function leaveDialogue(ctx: BotContext): boolean {
  const active = dialogueActive(ctx);
  delete ctx.session.dialogue;
  return active;
}

function createRequestDialogue(deps: BotDeps) {
  const timeoutMs = deps.settings.dialogueTimeoutMinutes * 60_000;
  // Pressed mid-dialogue, the menu's labels must not end up as answers ("send a request" sends).
  const menuLabels = menuLabelsOf(deps.i18n);
  const menuSendLabels = new Set(SUPPORTED_LOCALES.map((locale) => deps.i18n.t(locale, "menu-request")));
  const version = consentVersion(deps.settings.retentionDays);

  /**
   * What the dialogue needs in one language that no update changes (its translator, questions, menu
   * and reply keys), built at its first update in that language, not at every update.
   */
  const languages = new Map<string, { t: Translate; questions: ReturnType<typeof createQuestions>; replyKeyLabels: ReadonlySet<string>; menu: ReturnType<typeof mainMenu> }>();
  const language = (locale: string) => {
    let kept = languages.get(locale);
    if (!kept) {
      const t: Translate = (key, variables) => deps.i18n.t(locale, key, variables);
      const questions = createQuestions(t, answerBook()); // the answer book is read here, not while the bot is built (the start)
      // The questions with reply keys (the phone's): their keys may still be on the screen later.
      kept = { t, questions, replyKeyLabels: replyKeyLabels([questions.phone(true)], t), menu: mainMenu(t) };
      languages.set(locale, kept);
    }
    return kept;
  };

  /** The dialogue as it handles one update: `state` is the session's, changed in place. */
  function machine(ctx: BotContext, state: DialogueState) {
    const { args, draft } = state;
    const residentId = BigInt(ctx.from!.id);
    const { t, questions, replyKeyLabels: replyKeys, menu: menuKeyboard } = language(args.locale);
    const menu = () => ({ reply_markup: menuKeyboard });
    // Straight to the chat, not through ctx.reply: danger.ts notes what ctx.reply sends as its path's messages.
    const chatId = ctx.chat!.id;
    const kit: AskKit = {
      t,
      book: answerBook(),
      menuLabels,
      menuSendLabels,
      replyKeyLabels: replyKeys,
      say: (text, other) => ctx.api.sendMessage(chatId, text, other),
    };
    const community = deps.catalog.communities.get(args.communityId);
    const service = args.serviceId ? deps.catalog.services.get(args.serviceId) : undefined;
    const serviceName = service ? escapeHtml(pick(service.name, args.locale)!) : undefined;
    const purpose = requestsPurpose(args.communityId);
    const answered = (step: StepId) => state.answered.includes(step);
    const answer = (step: StepId) => {
      if (!answered(step)) state.answered.push(step);
    };
    const unanswer = (step: StepId) => {
      state.answered = state.answered.filter((other) => other !== step);
    };

    const end = () => {
      delete ctx.session.dialogue;
    };
    /** This dialogue's request, if its «send» already made it (a double tap, a crash before the last save). */
    const alreadySent = async () => (await deps.requests.findSubmitted(residentId, state.submitKey))?.number ?? null;
    /** Ends the dialogue on «cancel», unless this dialogue's request was already sent: then says so. */
    const cancelled = async () => {
      const number = await alreadySent();
      await kit.say(number ? t("req-cancel-after-sent", { number }) : t("req-cancelled"), { parse_mode: "HTML", ...menu() });
      end();
    };

    /**
     * «⬅️ Назад» at the first question: back where the resident came from, not «скасовано» — the service
     * card (the question's message turns back into it when the press was on it), or the menu. Nothing
     * was asked yet that is lost; a story told before the request is kept for its «📨» button again.
     */
    const wentBack = async () => {
      end();
      if (args.story) ctx.session.storyDraft = storyDraftOf(args.story, args.serviceId, Date.now());
      // Keys of the dialogue's on the screen: only the menu's message can take them away.
      if (service && !state.keys) {
        const { showCard } = await import("../features/find-service.ts"); // it imports the dialogue's starter
        const who = args.onBehalf === undefined ? {} : { who: args.onBehalf ? ("ot" as const) : ("me" as const) };
        return showCard(ctx, service.id, { back: "f1:home", ...who }, Boolean(ctx.callbackQuery?.message));
      }
      await kit.say(t("req-back-to-menu"), menu());
    };

    // ── Moving on: which question comes next. ──
    /**
     * The question as it is shown now: while a reply keyboard of the dialogue's is on the screen (the
     * phone's, after «⬅️ Назад»), with its buttons as reply keys, so its message replaces those keys
     * rather than leaving them under an inline question (no extra message to remove them).
     */
    const questionOf = (id: QuestionId): Question<unknown> => {
      const question = handlers[id].question();
      return state.keys && !question.replyKeys ? { ...question, replyKeyboard: true } : question;
    };
    /** Asks `question`; a `notice` (a line to say first) goes in the same message. */
    const ask = async (question: QuestionId, notice?: string) => {
      state.question = question;
      const asked = questionOf(question);
      await prompt(kit, asked, asked.text, notice);
      if (asked.replyKeys) state.keys = true;
    };
    const goStep = async (step: StepId, notice?: string) => {
      state.step = step;
      // A returning resident first gets their last request's name and phone, kept with one tap.
      await ask(step === "contactName" && state.previous ? "sameContact" : step, notice);
    };
    const goSummary = async (notice?: string) => {
      state.phase = "summary";
      delete state.step;
      delete state.edits;
      await ask("summary", notice);
    };
    /**
     * After consent (given now or before; read with the resident's last contact): the steps, from the
     * first; `notice` goes in the first question's message.
     */
    const beginSteps = async (previous: LastContact | null, notice?: string) => {
      if (previous) state.previous = previous;
      state.phase = "steps";
      const first = plan(state)[0];
      await (first ? goStep(first, notice) : goSummary(notice));
    };
    /** The next of the steps chosen on the summary («що змінити»), or the summary again. */
    const nextEdit = async (notice?: string) => {
      const rest = [...(state.edits ?? [])];
      for (let step = rest.shift(); step; step = rest.shift()) {
        if ((step === "subjectName" || step === "relation") && !draft.onBehalf) continue;
        if (step === "relation" && answered("relation")) continue;
        state.edits = rest;
        return goStep(step, notice);
      }
      return goSummary(notice);
    };
    /**
     * Safe mode on a call-back request: nobody will call, so it becomes a written one (the caller says
     * so). Changed from the summary, the address and what is needed, never asked for a call-back, come next.
     */
    const writtenInstead = (): boolean => {
      if (draft.mode !== "callback") return false;
      draft.mode = "write";
      delete draft.callBackTime;
      if (state.phase === "editing") state.edits = [...(state.edits ?? []).filter((step) => step !== "address" && step !== "details"), "address", "details"];
      return true;
    };
    /** A step is done (answered, skipped, back or cancel): where to go from it; `notice` goes in the next question's message. */
    const afterStep = async (outcome: Outcome, notice?: string) => {
      if (outcome === "cancel") return cancelled();
      if (state.phase === "second") return goSummary(notice);
      if (state.phase === "editing") return outcome === "back" ? goSummary() : nextEdit(notice);
      const step = state.step!;
      const steps = plan(state);
      if (outcome === "back") {
        const at = steps.indexOf(step);
        return at <= 0 ? wentBack() : goStep(steps[at - 1]!);
      }
      // The plan may have changed under this answer (a relation named with «for whom»): go on after it.
      const next = steps[steps.indexOf(step) + 1];
      return next ? goStep(next, notice) : goSummary(notice);
    };
    const outcomeOf = (result: { outcome: "back" | "cancel" | "skip" }): Outcome => (result.outcome === "skip" ? "next" : result.outcome);
    /** A step's answer: stores a value (or turns back/cancel/skip into the flow's outcome), then moves on. */
    const settle = <T>(store: (value: T) => void | Promise<void>) =>
      async (result: Asked<T>) => {
        if ("value" in result) await store(result.value);
        await afterStep("value" in result ? "next" : outcomeOf(result));
      };

    /** The service the request goes to (dialogue/route.ts), shown on the summary. */
    const routedServiceId = () => routedServiceIdOf(deps, service, draft);
    const routedName = () => routedServiceName(deps, routedServiceId(), args.locale);

    const callOtherInstead = (other: CallOther) => callOther(state, other);
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

    // ── The questions, and what each answer does. ──
    const handlers: Record<QuestionId, Handler> = {
      consent: handler(
        () => questions.consent(t(args.danger ? "danger-req-consent" : "req-consent", { community: escapeHtml(pick(community?.name, args.locale) ?? ""), days: deps.settings.retentionDays })),
        async (consent) => {
          if (!("value" in consent) || !consent.value) {
            await kit.say("value" in consent ? t("req-consent-declined") : t("req-cancelled"), menu());
            return end();
          }
          const given = await deps.consents.giveWithLastContact(residentId, purpose, version, { locale: args.locale, communityId: args.communityId });
          state.consentAt = given.givenAt.toISOString();
          await beginSteps(given.lastContact);
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
        settle((value) => {
          draft.onBehalf = value.forOther;
          unanswer("relation");
          if (!value.forOther) {
            delete draft.subjectName;
            delete draft.subjectRelation;
          } else if (value.relation) {
            draft.subjectRelation = value.word ?? value.relation; // a code, shown in each reader's language
            answer("relation");
          }
        }),
      ),
      subjectName: handler(
        () => questions.subjectName(true, draft.mode === "callback"),
        settle((value) => void (draft.subjectName = value)),
      ),
      relation: handler(
        () => questions.relation(true),
        settle((value) => void (draft.subjectRelation = value)),
      ),
      sameContact: handler(
        () => {
          const previous = state.previous!;
          return questions.sameContact(true, `${quote(previous.contactName, LIMITS.name)}, ${previous.phone ? formatPhone(previous.phone) : t("req-summary-bot-only")}`);
        },
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
          if (kept.phone && !draft.contactByBotOnly) draft.phone = kept.phone;
          else {
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
          return questions.contactName(true, firstName);
        },
        async (result) => {
          // «Галина Петрівна, 067 123 45 67»: the name and the phone at once (not in safe mode: nobody calls).
          const both = "value" in result && !draft.contactByBotOnly ? nameAndPhone(result.value) : undefined;
          if (!both) return settle((value: string) => void (draft.contactName = value))(result);
          draft.phone = both.phone;
          answer("phone");
          const taken = `📞 ${formatPhone(both.phone)} ✓`;
          // Only a number: it is the phone; the name is still to say.
          if (!both.name) return ask("contactName", taken);
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
        () => questions.callbackTime(true),
        settle((value) => void (draft.callBackTime = value)),
      ),
      // Send, change a field, or cancel. Asking for someone else, a second contact is one tap away.
      summary: handler(
        () => questions.summary(renderSummary(t, draft, routedName()), `send:${state.submitKey}`, Boolean(draft.onBehalf && !draft.secondContact)),
        async (decision) => {
          if (!("value" in decision)) return cancelled();
          if (typeof decision.value === "object" && "callOther" in decision.value) {
            // «Please call my mother, not me»: she is the one staff phone; the resident is written to here.
            if (!draft.onBehalf) return ask("summary");
            callOtherInstead(decision.value);
            if (draft.secondContact) return goSummary(t("req-call-other-ok"));
            state.phase = "second";
            return goStep("secondContact", t("req-call-other-number"));
          }
          if (typeof decision.value === "object") {
            // An address typed at the summary («вулиця Київська 15, кв. 8, біля базару»): added, shown again.
            draft.address = decision.value.address;
            answer("address");
            return goSummary(t("req-address-added"));
          }
          if (decision.value === "send") return submit();
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

    /** «Надіслати»: saved, routed and numbered (dialogue/submit.ts). */
    const submit = () => submitRequest({ ctx, deps, state, residentId, serviceId: routedServiceId(), t, say: kit.say, menu, end });

    return {
      /** The dialogue's first update: consent (asked, or the one given before), then the first step. */
      async begin(): Promise<void> {
        const { consent: given, lastContact } = await deps.consents.currentWithLastContact(residentId, purpose, version);
        if (!given) return ask("consent");
        state.consentAt = given.givenAt.toISOString();
        // Which consent is used, said in the first question's message (it was a message of its own).
        await beginSteps(lastContact, t("consent-reused", { date: formatDay(given.givenAt, args.locale) }));
      },
      /** One update while the dialogue waits: an answer after the timeout ends it kindly. */
      async handle(): Promise<void> {
        if (Date.now() - state.since > timeoutMs) {
          if (ctx.callbackQuery) await ctx.answerCallbackQuery();
          const number = await alreadySent();
          await kit.say(number ? t("req-already-sent", { number }) : t("req-expired"), { parse_mode: "HTML", ...menu() });
          return end();
        }
        const asked = await take(kit, ctx, questionOf(state.question));
        if (asked !== undefined) await handlers[state.question].onAnswer(asked);
      },
    };
  }

  /** Waits from now on, if the dialogue goes on. */
  const waiting = (ctx: BotContext, state: DialogueState) => {
    if (ctx.session.dialogue === state) state.since = Date.now();
  };

  return {
    /** Starts a request dialogue in this chat (replacing an unfinished one). */
    async start(ctx: BotContext, args: RequestDialogueArgs): Promise<void> {
      const state: DialogueState = {
        v: REQUEST_DIALOGUE_VERSION,
        args,
        submitKey: newSubmitKey(),
        draft: { attachments: [], ...(args.onBehalf === undefined ? {} : { onBehalf: args.onBehalf }) },
        answered: [],
        phase: "consent",
        question: "consent",
        since: Date.now(),
      };
      // The crisis path offers no «📞 Просто передзвоніть мені»: staff answer in the chat, and call only if given a number.
      if (args.danger && !args.story) {
        state.draft.mode = "write";
        state.answered.push("mode");
      }
      if (args.story) {
        state.draft.mode = "write";
        state.draft.details = args.story;
        // Only what is missing is asked: the address too when help comes to the person (home care, a taxi).
        state.answered.push("mode", "details", ...(needsVisit(args.serviceId) ? [] : (["address"] as const)));
      }
      ctx.session.dialogue = state;
      await machine(ctx, state).begin();
      waiting(ctx, state);
    },
    /** The middleware: an update in a chat with a dialogue under way is its answer (nothing after it sees it). */
    middleware: (async (ctx, next) => {
      const state = ctx.session.dialogue;
      if (ctx.chat?.type !== "private" || !isDialogueState(state, REQUEST_DIALOGUE_VERSION)) return next();
      await machine(ctx, state).handle();
      waiting(ctx, state);
    }) satisfies MiddlewareFn<BotContext>,
  };
}

/** One dialogue per set of dependencies (its answer book and menu labels are built once). */
const dialogues = new WeakMap<BotDeps, ReturnType<typeof createRequestDialogue>>();
function dialogueOf(deps: BotDeps) {
  let dialogue = dialogues.get(deps);
  if (!dialogue) dialogues.set(deps, (dialogue = createRequestDialogue(deps)));
  return dialogue;
}

/** The request dialogue's middleware (create-bot.ts): a chat's update goes to its dialogue under way. */
export const requestDialogue = (deps: BotDeps): MiddlewareFn<BotContext> => dialogueOf(deps).middleware;

/** Starts a request dialogue in this chat (features/request-help.ts). */
export const startRequestDialogue = (ctx: BotContext, args: RequestDialogueArgs): Promise<void> => dialogueOf(ctx.deps).start(ctx, args);
