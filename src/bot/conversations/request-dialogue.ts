import type { Conversation } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { InlineKeyboardButton, ReplyKeyboardMarkup } from "grammy/types";
import { detectDanger } from "../../requests/danger.ts";
import { normalizeResidentPhone, formatPhone } from "../../requests/phone.ts";
import {
  CALL_BACK_TIMES,
  TooManyOpenRequestsError,
  type Attachment,
  type CallBackTime,
  type RequestDraft,
} from "../../requests/service.ts";
import { hasVisibleText } from "../../requests/text.ts";
import type { BotContext, BotDeps, DialogueContext, Translate } from "../context.ts";
import { button, mainMenu, menuLabelsOf } from "../keyboards.ts";
import { SUPPORTED_LOCALES } from "../i18n.ts";
import { escapeHtml } from "../render/html.ts";
import { joinParts, MESSAGE_LIMIT, pick, quote } from "../render/text.ts";

/**
 * The help-request dialogue (conversations v2). The builder is replayed from the top on every update,
 * so it only talks to Telegram through ctx and to the outside world through conversation.external /
 * conversation.now; its state lives in the database (see create-bot.ts), so a restart loses nothing.
 *
 * Consent comes first, before any personal data is asked for. Every step can go back or be cancelled;
 * a wrong answer gets a gentle re-ask. Texts come from the locale pinned when the dialogue started.
 */

export const REQUEST_DIALOGUE = "request";
/**
 * Bump when steps change incompatibly: stored dialogues of an older version are dropped. The replay
 * log records each Telegram call, so a step that sends a different number of messages is such a
 * change (2: a wrong answer's notice and the repeated question became one message).
 */
export const REQUEST_DIALOGUE_VERSION = 2;

export const LIMITS = { name: 100, address: 300, details: 2000, relation: 60 } as const;

export interface RequestDialogueArgs {
  locale: string;
  communityId: string;
  serviceId?: string;
  onBehalf?: boolean;
  /** The resident's Telegram first name, offered as a one-tap answer to "what should we call you". */
  firstName?: string;
}

type Mode = "write" | "callback";
type StepId =
  | "mode"
  | "forWhom"
  | "subjectName"
  | "relation"
  | "contactName"
  | "phone"
  | "address"
  | "details"
  | "callbackTime";

interface Draft {
  mode?: Mode;
  onBehalf?: boolean;
  subjectName?: string;
  subjectRelation?: string;
  contactName?: string;
  phone?: string;
  address?: string;
  details?: string;
  attachments: Attachment[];
  callBackTime?: CallBackTime;
}

type Outcome = "next" | "back" | "cancel";

/** Words residents type instead of pressing the buttons (Ukrainian, Russian, English). */
const TYPED_CANCEL = new Set(["скасувати", "скасуйте", "відмінити", "відміна", "отмена", "отменить", "стоп", "cancel", "stop"]);
const TYPED_BACK = new Set(["назад", "повернутися", "back"]);
const TYPED_SKIP = new Set(["пропустити", "пропустить", "далі", "skip"]);
const TYPED_YES = new Set(["так", "да", "згоден", "згодна", "згодний", "погоджуюсь", "погоджуюся", "согласен", "согласна", "добре", "ок", "ok", "yes"]);
const TYPED_NO = new Set(["ні", "нет", "не згоден", "не згодна", "no"]);

const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase("uk") + text.slice(1);

/** A typed answer as a word to compare: trimmed, lower case, without end punctuation or emoji. */
const asWord = (text: string) =>
  text.toLowerCase().replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}]/gu, "").replace(/[.!?,;:]+$/u, "").trim();
type Parsed<T> = { value: T } | { invalid: string } | undefined;

const CALLBACK_PREFIX = "d1";
const RELATIONS = ["spouse", "parent", "relative", "neighbour", "friend"] as const;

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
function plainText(ctx: Context, max: number, t: Translate): Parsed<string> {
  const text = ctx.message?.text?.trim();
  if (!text || !hasVisibleText(text)) return ctx.message ? { invalid: t("req-invalid-answer") } : undefined;
  if (text.startsWith("/")) return { invalid: t("req-invalid-answer") };
  if (text.length > max) return { invalid: t("req-too-long", { max }) };
  return { value: text };
}

export function createRequestDialogue(deps: BotDeps) {
  const timeoutMs = deps.settings.dialogueTimeoutMinutes * 60_000;
  // Pressed mid-dialogue, the menu's labels must not end up as answers ("send a request" sends).
  const menuLabels = menuLabelsOf(deps.i18n);
  const menuSendLabels = new Set(SUPPORTED_LOCALES.map((locale) => deps.i18n.t(locale, "menu-request")));

  return async function requestDialogue(
    conversation: Conversation<BotContext, DialogueContext>,
    ctx: DialogueContext,
    args: RequestDialogueArgs,
  ): Promise<void> {
    const t: Translate = (key, variables) => deps.i18n.t(args.locale, key, variables);
    const menu = { reply_markup: mainMenu(t) };
    const draft: Draft = { attachments: [], ...(args.onBehalf === undefined ? {} : { onBehalf: args.onBehalf }) };
    const community = deps.catalog.communities.get(args.communityId);
    const service = args.serviceId ? deps.catalog.services.get(args.serviceId) : undefined;

    /** Waits for the next update; an answer that comes after the timeout ends the dialogue kindly. */
    async function next(): Promise<DialogueContext> {
      const before = await conversation.now();
      const update = await conversation.wait();
      if ((await conversation.now()) - before > timeoutMs) {
        if (update.callbackQuery) await update.answerCallbackQuery();
        await update.reply(t("req-expired"), menu);
        return conversation.halt();
      }
      return update;
    }

    /**
     * Asks one question and waits for a usable answer. Inline buttons carry `d1:<step>:<value>`;
     * buttons of earlier questions are answered as stale. `parse` turns a message into a value.
     */
    async function ask<T>(
      step: string,
      text: string,
      options: {
        /** `typed`: words that count as this choice when typed (the label itself always does). */
        choices?: Array<{ label: string; value: string; typed?: ReadonlySet<string> }>;
        parse?: (ctx: DialogueContext) => Parsed<T>;
        fromChoice?: (value: string) => T | undefined;
        back?: boolean;
        skip?: boolean;
        replyKeyboard?: ReplyKeyboardMarkup;
      },
    ): Promise<{ value: T } | { outcome: "back" | "cancel" | "skip" }> {
      const controls: InlineKeyboardButton[][] = [];
      for (const choice of options.choices ?? []) controls.push([button(choice.label, `${CALLBACK_PREFIX}:${step}:v:${choice.value}`)]);
      if (options.skip) controls.push([button(t("button-skip"), `${CALLBACK_PREFIX}:${step}:skip`)]);
      const navigation = [
        ...(options.back === false ? [] : [button(t("button-back"), `${CALLBACK_PREFIX}:${step}:back`)]),
        button(t("button-cancel"), `${CALLBACK_PREFIX}:${step}:cancel`),
      ];
      /** Asks the question; after a wrong answer, says what was wrong in the same message (when it fits). */
      const prompt = async (notice?: string) => {
        let question = text;
        if (notice !== undefined) {
          if (notice.length + 2 + text.length <= MESSAGE_LIMIT) question = `${notice}\n\n${text}`;
          else await ctx.reply(notice);
        }
        if (options.replyKeyboard) {
          // A reply keyboard (to share a contact) and inline buttons cannot share a message.
          await ctx.reply(question, { parse_mode: "HTML", reply_markup: options.replyKeyboard });
          await ctx.reply("⬇️", { reply_markup: { inline_keyboard: [...controls, navigation] } });
        } else {
          await ctx.reply(question, { parse_mode: "HTML", reply_markup: { inline_keyboard: [...controls, navigation] } });
        }
      };
      await prompt();
      for (;;) {
        const answer = await next();
        if (answer.callbackQuery && answer.callbackQuery.data === undefined) {
          // A button without data (a game's): answered, so its spinner stops.
          await answer.answerCallbackQuery({ text: t("button-stale") });
          continue;
        }
        const data = answer.callbackQuery?.data;
        if (data !== undefined) {
          const [prefix, answerStep, action, ...rest] = data.split(":");
          if (prefix !== CALLBACK_PREFIX || answerStep !== step) {
            await answer.answerCallbackQuery({ text: t("button-stale") });
            continue;
          }
          await answer.answerCallbackQuery();
          if (action === "back" || action === "cancel" || action === "skip") return { outcome: action };
          const value = action === "v" ? options.fromChoice?.(rest.join(":")) : undefined;
          if (value !== undefined) return { value };
          continue;
        }
        if (!answer.message) continue; // edits, reactions and the like: keep waiting quietly
        const typed = answer.message.text?.trim();
        if (typed !== undefined) {
          const word = asWord(typed);
          if (TYPED_CANCEL.has(word)) return { outcome: "cancel" };
          if (options.back !== false && TYPED_BACK.has(word)) return { outcome: "back" };
          if (options.skip && TYPED_SKIP.has(word)) return { outcome: "skip" };
          const choice = options.choices?.find((candidate) => asWord(candidate.label) === word || candidate.typed?.has(word));
          const chosen = choice ? options.fromChoice?.(choice.value) : undefined;
          if (chosen !== undefined) return { value: chosen };
          if (menuLabels.has(typed)) {
            if (step === "summary" && menuSendLabels.has(typed)) {
              const send = options.fromChoice?.("send");
              if (send !== undefined) return { value: send };
            }
            await prompt(t("req-unfinished"));
            continue;
          }
        }
        const parsed = options.parse?.(answer);
        if (parsed && "value" in parsed) return parsed;
        // One message, not two: with the emergency numbers before it and the "⬇️" of the phone step
        // after it, a wrong answer used to cost the resident four messages.
        await prompt(parsed?.invalid ?? t(options.parse ? "req-invalid-answer" : "req-choose-button"));
      }
    }

    const relationChoices = RELATIONS.map((relation) => ({ label: t(`relation-${relation}`), value: relation }));
    const timeChoices = CALL_BACK_TIMES.map((time) => ({ label: t(`time-${time}`), value: time }));

    /** One step of the dialogue; the value lands in the draft. */
    async function runStep(step: StepId, back: boolean): Promise<Outcome> {
      const outcome = (result: { outcome: "back" | "cancel" | "skip" }): Outcome =>
        result.outcome === "skip" ? "next" : result.outcome;
      switch (step) {
        case "mode": {
          const result = await ask<Mode>("mode", t("req-mode"), {
            choices: [
              { label: t("req-mode-write"), value: "write" },
              { label: t("req-mode-callback"), value: "callback" },
            ],
            fromChoice: (value) => (value === "write" || value === "callback" ? value : undefined),
            back,
          });
          if ("value" in result) draft.mode = result.value;
          return "value" in result ? "next" : outcome(result);
        }
        case "forWhom": {
          const result = await ask<boolean>("forWhom", t("req-for-whom"), {
            choices: [
              { label: t("req-for-me"), value: "me" },
              { label: t("req-for-other"), value: "other" },
            ],
            fromChoice: (value) => (value === "me" ? false : value === "other" ? true : undefined),
            back,
          });
          if ("value" in result) {
            draft.onBehalf = result.value;
            if (!result.value) {
              delete draft.subjectName;
              delete draft.subjectRelation;
            }
          }
          return "value" in result ? "next" : outcome(result);
        }
        case "subjectName": {
          const result = await ask<string>("subjectName", t("req-subject-name"), {
            parse: (answer) => plainText(answer, LIMITS.name, t),
            back,
            skip: draft.mode === "callback",
          });
          if ("value" in result) draft.subjectName = result.value;
          return "value" in result ? "next" : outcome(result);
        }
        case "relation": {
          const result = await ask<string>("relation", t("req-subject-relation"), {
            choices: relationChoices,
            fromChoice: (value) => (RELATIONS as readonly string[]).includes(value) ? t(`relation-${value}`) : undefined,
            parse: (answer) => plainText(answer, LIMITS.relation, t),
            back,
            skip: true,
          });
          if ("value" in result) draft.subjectRelation = result.value;
          return "value" in result ? "next" : outcome(result);
        }
        case "contactName": {
          // A Telegram name can be invisible (a Hangul filler is a popular one): then it is not offered.
          const firstName = hasVisibleText(args.firstName) ? args.firstName!.trim().slice(0, LIMITS.name) : undefined;
          const result = await ask<string>("contactName", t("req-contact-name"), {
            choices: firstName ? [{ label: t("req-use-name", { name: firstName }), value: "telegram" }] : [],
            fromChoice: (value) => (value === "telegram" ? firstName : undefined),
            parse: (answer) => plainText(answer, LIMITS.name, t),
            back,
          });
          if ("value" in result) draft.contactName = result.value;
          return "value" in result ? "next" : outcome(result);
        }
        case "phone": {
          const result = await ask<string>("phone", t("req-phone"), {
            replyKeyboard: {
              keyboard: [[{ text: t("req-phone-share"), request_contact: true }]],
              resize_keyboard: true,
              one_time_keyboard: true,
            },
            parse: (answer) => {
              const contact = answer.message?.contact;
              if (contact) {
                if (contact.user_id !== answer.from?.id) return { invalid: t("req-phone-not-own") };
                const phone = normalizeResidentPhone(contact.phone_number);
                return phone ? { value: phone } : { invalid: t("req-phone-invalid") };
              }
              const text = answer.message?.text;
              if (!text) return { invalid: t("req-phone-invalid") };
              const phone = normalizeResidentPhone(text);
              return phone ? { value: phone } : { invalid: t("req-phone-invalid") };
            },
            back,
          });
          if ("value" in result) {
            draft.phone = result.value;
            // Puts the main menu back in place of the one-off "share my number" keyboard.
            await ctx.reply(`📞 ${formatPhone(result.value)} ✓`, menu);
          }
          return "value" in result ? "next" : outcome(result);
        }
        case "address": {
          const result = await ask<string>("address", t("req-address"), {
            parse: (answer) => plainText(answer, LIMITS.address, t),
            back,
            skip: true,
          });
          if ("value" in result) draft.address = result.value;
          else if (result.outcome === "skip") delete draft.address;
          return "value" in result ? "next" : outcome(result);
        }
        case "details": {
          const intro = service ? `${t("req-details-for", { service: escapeHtml(pick(service.name, args.locale)!) })}\n` : "";
          const result = await ask<{ text?: string; attachment?: Attachment }>("details", `${intro}${t("req-details")}`, {
            parse: (answer) => {
              const attachment = attachmentOf(answer);
              const typed = (answer.message?.text ?? answer.message?.caption)?.trim();
              // A caption or a text with nothing visible in it counts as none.
              const text = hasVisibleText(typed) ? typed : undefined;
              if (text && text.length > LIMITS.details) return { invalid: t("req-too-long", { max: LIMITS.details }) };
              if (text?.startsWith("/")) return { invalid: t("req-invalid-details") };
              if (!attachment && !text) return { invalid: t("req-invalid-details") };
              return { value: { ...(text ? { text } : {}), ...(attachment ? { attachment } : {}) } };
            },
            back,
          });
          if ("value" in result) {
            draft.details = result.value.text;
            draft.attachments = result.value.attachment ? [result.value.attachment] : [];
          }
          return "value" in result ? "next" : outcome(result);
        }
        case "callbackTime": {
          const result = await ask<CallBackTime>("callbackTime", t("req-callback-time"), {
            choices: timeChoices,
            fromChoice: (value) => (CALL_BACK_TIMES as readonly string[]).includes(value) ? (value as CallBackTime) : undefined,
            back,
          });
          if ("value" in result) draft.callBackTime = result.value;
          return "value" in result ? "next" : outcome(result);
        }
      }
    }

    /** The steps, given what is known so far: changes of mode or of "for whom" change the path. */
    function plan(): StepId[] {
      const steps: StepId[] = ["mode"];
      if (args.onBehalf === undefined) steps.push("forWhom");
      if (draft.onBehalf) steps.push("subjectName", "relation");
      steps.push("contactName", "phone");
      if (draft.mode === "callback") steps.push("callbackTime");
      else steps.push("address", "details");
      return steps;
    }

    function summary(): string {
      const serviceName = service ? escapeHtml(pick(service.name, args.locale)!) : t("req-summary-general");
      const subject = draft.onBehalf
        ? [draft.subjectName && quote(draft.subjectName, LIMITS.name), draft.subjectRelation && `(${quote(lowerFirst(draft.subjectRelation), LIMITS.relation)})`]
            .filter(Boolean)
            .join(" ") || "—"
        : t("req-summary-for-me");
      const attachments = draft.attachments.map((a) => (a.kind === "photo" ? t("req-summary-photo") : t("req-summary-voice")));
      return joinParts([
        t("req-summary-title"),
        `${t("req-summary-service")}: ${serviceName}`,
        `${t("req-summary-for")}: ${subject}`,
        draft.contactName && `${t("req-summary-contact")}: ${quote(draft.contactName, LIMITS.name)}`,
        draft.phone && `${t("req-summary-phone")}: ${formatPhone(draft.phone)}`,
        draft.mode === "callback" && draft.callBackTime && `${t("req-summary-callback")}: ${t(`time-${draft.callBackTime}`)}`,
        draft.mode !== "callback" && draft.address && `${t("req-summary-address")}: ${quote(draft.address, LIMITS.address)}`,
        draft.mode !== "callback" && draft.details && `${t("req-summary-details")}: ${quote(draft.details, LIMITS.details)}`,
        draft.mode !== "callback" && attachments.length > 0 && attachments.join(", "),
      ]);
    }

    // ── Consent first: nothing personal is asked before it. ──
    const consent = await ask<boolean>("consent", t("req-consent", { community: escapeHtml(pick(community?.name, args.locale) ?? ""), days: deps.settings.retentionDays }), {
      choices: [
        { label: t("req-consent-yes"), value: "yes", typed: TYPED_YES },
        { label: t("req-consent-no"), value: "no", typed: TYPED_NO },
      ],
      fromChoice: (value) => (value === "yes" ? true : value === "no" ? false : undefined),
      back: false,
    });
    if (!("value" in consent) || !consent.value) {
      await ctx.reply("value" in consent ? t("req-consent-declined") : t("req-cancelled"), menu);
      return;
    }
    const consentAt = new Date(await conversation.now());

    // ── The steps, with back and cancel. ──
    let index = 0;
    while (index < plan().length) {
      const result = await runStep(plan()[index]!, true);
      if (result === "cancel") {
        await ctx.reply(t("req-cancelled"), menu);
        return;
      }
      if (result === "back") {
        if (index === 0) {
          await ctx.reply(t("req-cancelled"), menu);
          return;
        }
        index -= 1;
      } else {
        index += 1;
      }
    }

    // ── Summary: send, change a field, or cancel. ──
    for (;;) {
      const editChoices = [
        ...(args.onBehalf === undefined ? [{ label: t("req-edit-for-whom"), value: "forWhom" }] : []),
        { label: t("req-edit-name"), value: "contactName" },
        { label: t("req-edit-phone"), value: "phone" },
        ...(draft.mode === "callback"
          ? [{ label: t("req-edit-time"), value: "callbackTime" }]
          : [
              { label: t("req-edit-address"), value: "address" },
              { label: t("req-edit-details"), value: "details" },
            ]),
      ];
      const decision = await ask<"send" | "edit">("summary", summary(), {
        choices: [
          { label: t("req-send"), value: "send", typed: new Set(["надіслати", "відправити", "отправить", "send"]) },
          { label: t("req-edit"), value: "edit" },
        ],
        fromChoice: (value) => (value === "send" || value === "edit" ? value : undefined),
        back: false,
      });
      if (!("value" in decision)) {
        await ctx.reply(t("req-cancelled"), menu);
        return;
      }
      if (decision.value === "send") break;
      const which = await ask<StepId>("edit", t("req-edit-which"), {
        choices: editChoices,
        fromChoice: (value) => editChoices.find((choice) => choice.value === value)?.value as StepId | undefined,
      });
      if (!("value" in which)) {
        if (which.outcome === "cancel") {
          await ctx.reply(t("req-cancelled"), menu);
          return;
        }
        continue;
      }
      const steps: StepId[] = which.value === "forWhom" ? ["forWhom", "subjectName", "relation"] : [which.value];
      for (const step of steps) {
        if ((step === "subjectName" || step === "relation") && !draft.onBehalf) continue;
        const result = await runStep(step, true);
        if (result === "cancel") {
          await ctx.reply(t("req-cancelled"), menu);
          return;
        }
        if (result === "back") break;
      }
    }

    // ── Save, route, number. ──
    const requestDraft: RequestDraft = {
      communityId: args.communityId,
      ...(service ? { serviceId: service.id } : {}),
      onBehalf: draft.onBehalf ?? false,
      ...(draft.onBehalf && draft.subjectName ? { subjectName: draft.subjectName } : {}),
      ...(draft.onBehalf && draft.subjectRelation ? { subjectRelation: draft.subjectRelation } : {}),
      ...(draft.contactName ? { contactName: draft.contactName } : {}),
      phone: draft.phone!,
      ...(draft.mode !== "callback" && draft.address ? { address: draft.address } : {}),
      ...(draft.mode !== "callback" && draft.details ? { details: draft.details } : {}),
      attachments: draft.mode !== "callback" ? draft.attachments : [],
      callBack: draft.mode === "callback",
      ...(draft.mode === "callback" && draft.callBackTime ? { callBackTime: draft.callBackTime } : {}),
      consentAt,
    };
    if (!requestDraft.serviceId && requestDraft.details) {
      // Danger in a free-form request: to the people who handle crises (or shelter), not the general desk.
      const [danger] = detectDanger(requestDraft.details);
      if (danger) requestDraft.serviceId = danger === "no-shelter" ? "shelter" : "crisis-intervention";
    }
    if (!requestDraft.serviceId && requestDraft.details) {
      // A free-form request still reaches the right department when its words clearly name a service.
      const [best] = deps.matcher.search(requestDraft.details, 1);
      if (best && best.score >= 0.75) requestDraft.serviceId = best.serviceId;
    }
    const saved = await conversation.external(async (outer) => {
      try {
        const created = await deps.requests.createRequest(BigInt(outer.from!.id), args.locale, requestDraft);
        outer.deps.logger.info({ event: "request_created", request: created.id, department: created.departmentKey }, "request created");
        return { ok: true as const, ...created };
      } catch (error) {
        if (error instanceof TooManyOpenRequestsError) return { ok: false as const, tooMany: error.limit };
        outer.deps.logger.error({ event: "request_create_failed", err: { name: (error as Error).name, message: (error as Error).message } }, "could not save a request");
        return { ok: false as const, tooMany: 0 };
      }
    });
    if (!saved.ok) {
      await ctx.reply(saved.tooMany > 0 ? t("req-too-many", { count: saved.tooMany }) : t("error-generic"), menu);
      return;
    }
    const department = deps.catalog.communities
      .get(args.communityId)
      ?.departments.find((candidate) => `${args.communityId}/${candidate.id}` === saved.departmentKey);
    await ctx.reply(
      t("req-sent", {
        number: saved.number,
        department: escapeHtml(pick(department?.name, args.locale) ?? ""),
        phone: formatPhone(requestDraft.phone ?? ""),
      }),
      { parse_mode: "HTML", ...menu },
    );
  };
}
