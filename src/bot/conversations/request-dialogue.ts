import { randomBytes } from "node:crypto";
import type { MiddlewareFn } from "grammy";
import { consentVersion, requestsPurpose } from "../../requests/consent.ts";
import type { LastContact } from "../../requests/last-contact.ts";
import { withoutPhoneLike } from "../../requests/phone.ts";
import { storyDraftOf } from "../../requests/story.ts";
import { answerBook } from "../../requests/typed-answers.ts";
import type { BotContext, BotDeps, Translate } from "../context.ts";
import { mainMenu, menuLabelsOf } from "../keyboards.ts";
import { SUPPORTED_LOCALES } from "../i18n.ts";
import { escapeHtml } from "../render/html.ts";
import { formatDay } from "../render/dates.ts";
import { pick } from "../render/text.ts";
import { prompt, replyKeyLabels, take, type AskKit, type Question } from "./dialogue/ask.ts";
import { answerHandlers, type Outcome } from "./dialogue/handlers.ts";
import { routedServiceIdOf, routedServiceName } from "./dialogue/route.ts";
import { isDialogueState, plan, type DialogueState, type QuestionId, type RequestDialogueArgs } from "./dialogue/state.ts";
import { needsVisit } from "../../requests/visits.ts";
import type { Statement } from "../../db/sql.ts";
import { sessionWriteWith } from "../session-writes.ts";
import { submitRequest } from "./dialogue/submit.ts";
import { createQuestions, noCalls, type StepId } from "./dialogue/steps.ts";
import { emergencyNumbersShown } from "../features/danger.ts";
import { showContacts } from "../features/contacts.ts";
import { showMyRequests } from "../features/my-requests.ts";

export { attachmentOf, LIMITS } from "./dialogue/answers.ts";
export type { RequestDialogueArgs } from "./dialogue/state.ts";

/**
 * The help-request dialogue: a state machine over the chat's session (dialogue/state.ts). Each update
 * is one answer to the question the dialogue waits for: read it (dialogue/ask.ts), store it in the
 * draft (dialogue/handlers.ts), move on and ask the next question (here; dialogue/steps.ts,
 * dialogue/render.ts); «send» saves the request (dialogue/submit.ts). The state lives in the database
 * with the session, so a restart loses nothing.
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

/** A request's idempotency key, `hhsk-` and 12 random characters (findable in a stored dialogue: requests/drafts.ts). */
const newSubmitKey = () => `hhsk-${randomBytes(9).toString("base64url")}`;

/** Whether the chat is in the middle of a request dialogue. */
export const dialogueActive = (ctx: BotContext): boolean => ctx.session.dialogue !== undefined;

/** Dialogues whose session this update saved already, waiting from then (the machine's `sessionNow`). */
const savedEarly = new WeakSet<DialogueState>();

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
  const contactsLabels = new Set(SUPPORTED_LOCALES.map((locale) => deps.i18n.t(locale, "menu-contacts")));
  const myRequestsLabels = new Set(SUPPORTED_LOCALES.map((locale) => deps.i18n.t(locale, "menu-my-requests")));
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

    /**
     * The session as it is now — waiting, from now, for the question just set — as a statement to commit
     * with this update's own in one round trip and transaction (Sql.batch), before that question is
     * sent: a step's one statement and its session write were two round trips. Where a batch is no
     * single round trip, none: grammY writes the session at the update's end, as always.
     */
    const sessionNow = (): { statements: readonly Statement[]; written: () => void } => {
      state.since = Date.now();
      savedEarly.add(state);
      const session = sessionWriteWith(ctx);
      return session ? { statements: [session.statement], written: session.written } : { statements: [], written: () => undefined };
    };
    /** Runs once the next question is set, before it is sent (`saveBeforeAsking`). */
    let beforeAsking: (() => Promise<void>) | undefined;

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
      const before = beforeAsking;
      beforeAsking = undefined;
      await before?.();
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
    /** The service the request goes to (dialogue/route.ts), shown on the summary. */
    const routedServiceId = () => routedServiceIdOf(deps, service, draft);
    const routedName = () => routedServiceName(deps, routedServiceId(), args.locale);

    /** «Надіслати»: saved, routed and numbered (dialogue/submit.ts). */
    const submit = () => submitRequest({ ctx, deps, state, residentId, serviceId: routedServiceId(), t, say: kit.say, menu, end });

    // ── The questions, and what each answer does (dialogue/handlers.ts). ──
    const handlers = answerHandlers({
      deps, state, residentId, purpose, version, kit, t, questions, menu, serviceName, routedName,
      answer, unanswer, ask, goStep, goSummary, beginSteps, nextEdit, afterStep, writtenInstead, cancelled, end, submit,
      sessionNow,
      saveBeforeAsking: (save) => void (beforeAsking = save),
    });

    /**
     * Danger said in the middle of the dialogue (features/danger.ts showed the numbers for this message):
     * the request gets 🆘, and her words are not taken for a name, a number or a yes (session 13's trial:
     * «мене чоловік б'є» became her name, «мы в ванной закрылись» was read at the consent). They are kept
     * for staff (`saidInDanger`, shown in the summary; a free-form request goes to the crisis service).
     * At the phone and «як Вам зручніше?» what the question understands in them still counts («не
     * дзвоніть, він почує»: no calls); at «що потрібно» they are the answer. Returns whether the update
     * was handled here.
     */
    const dangerSaidMidway = async (): Promise<boolean> => {
      args.danger = true;
      const words = ctx.message?.text?.trim();
      if (!words || state.question === "details") return false;
      const question = state.question;
      const understood = questionOf(question).understand?.(words);
      // At «як Вам зручніше?» a longer message is what is needed itself (the answer carries it).
      if (question === "mode" && typeof understood === "object" && understood !== null && "details" in understood) return false;
      // Her words go to staff with the request (at the consent too, as a story told before a request is kept:
      // refused or cancelled, the dialogue and they are gone) — without a number said in them when she
      // asks not to be called («він поруч, не дзвоніть на 067…»).
      const noCalls = question === "phone" && typeof understood === "object" && understood !== null && "botOnly" in understood;
      const kept = noCalls ? withoutPhoneLike(words, t("req-number-left-out")) : words;
      draft.saidInDanger = draft.saidInDanger ? `${draft.saidInDanger}\n${kept}` : kept;
      // Only the phone's «не дзвоніть» and the mode's «передзвоніть» are taken from them; never a consent
      // («Мені так страшно» is no «так»), a refusal («не хочу жити») or a «send» at the summary.
      if (understood !== undefined && (question === "phone" || question === "mode")) return false;
      await (question === "summary" ? goSummary(t("req-danger-added")) : ask(question, t("req-after-danger")));
      return true;
    };

    return {
      /** The dialogue's first update: consent (asked, or the one given before), then the first step. */
      async begin(): Promise<void> {
        // Most dialogues start without a consent that holds: the session, waiting for consent, goes in
        // the read's round trip (with a consent that holds, the steps begin and it is written again).
        const session = sessionNow();
        const { consent: given, lastContact } = await deps.consents.currentWithLastContact(residentId, purpose, version, session.statements);
        session.written();
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
        if (emergencyNumbersShown(ctx) && (await dangerSaidMidway())) return;
        // «☎️ Контакти» (or «контакти» typed) in the middle: the numbers, and the request waits on (second
        // trial: an elderly man could not reach the hotlines until he cancelled).
        if (ctx.message?.text !== undefined && contactsLabels.has(ctx.message.text)) {
          await showContacts(ctx);
          return ask(state.question, t("req-unfinished"));
        }
        // «📋 Мої звернення» (or «мої заявки» typed): the list with statuses, and this request waits on.
        if (ctx.message?.text !== undefined && myRequestsLabels.has(ctx.message.text)) {
          await showMyRequests(ctx);
          return ask(state.question, t("req-unfinished"));
        }
        const asked = await take(kit, ctx, questionOf(state.question));
        if (asked !== undefined) await handlers[state.question].onAnswer(asked);
      },
    };
  }

  /** Waits from now on, if the dialogue goes on (from its early save, if this update made one: not written twice). */
  const waiting = (ctx: BotContext, state: DialogueState) => {
    if (savedEarly.delete(state)) return;
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
      const book = answerBook();
      const callMe = (story: string) => book.understand("callMe", story) === "yes" && noCalls(book, story) === undefined;
      if (args.story && !args.danger && callMe(args.story)) {
        // «Мені важко писати, передзвоніть мені»: a call-back request; her story goes to staff with it
        // (session 14's trial: the request was a written one, «📞 Просто передзвоніть мені» never offered).
        state.draft.mode = "callback";
        state.draft.saidAlong = args.story;
        state.answered.push("mode");
      } else if (args.story) {
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
