import { randomBytes } from "node:crypto";
import type { Conversation } from "@grammyjs/conversations";
import { consentVersion, requestsPurpose } from "../../requests/consent.ts";
import { detectDanger } from "../../requests/danger.ts";
import { formatPhone } from "../../requests/phone.ts";
import { TooManyOpenRequestsError, type RequestDraft } from "../../requests/service.ts";
import { firstCodePoints, hasVisibleText } from "../../requests/text.ts";
import { answerBook } from "../../requests/typed-answers.ts";
import type { BotContext, BotDeps, DialogueContext, Translate } from "../context.ts";
import { mainMenu, menuLabelsOf } from "../keyboards.ts";
import { offerNewsAfterRequest } from "../features/news.ts";
import { SUPPORTED_LOCALES } from "../i18n.ts";
import { escapeHtml } from "../render/html.ts";
import { formatDay } from "../render/dates.ts";
import { pick, quote } from "../render/text.ts";
import { LIMITS } from "./dialogue/answers.ts";
import { createAsk, type Asked } from "./dialogue/ask.ts";
import { editChoices, renderSummary, type Draft } from "./dialogue/render.ts";
import { createQuestions, type StepId } from "./dialogue/steps.ts";

export { attachmentOf, LIMITS } from "./dialogue/answers.ts";

/**
 * The help-request dialogue (conversations v2). The builder is replayed from the top on every update,
 * so it only talks to Telegram through ctx and to the outside world through conversation.external /
 * conversation.now; its state lives in the database (see create-bot.ts), so a restart loses nothing.
 *
 * Consent comes first, before any personal data is asked for. Every step can go back or be cancelled;
 * typed answers count as presses (dialogue/steps.ts, data/dialogue/answers.yaml); anything that fits
 * nothing gets a one-line re-ask with fresh buttons (dialogue/ask.ts). Texts come from the locale
 * pinned when the dialogue started.
 */

export const REQUEST_DIALOGUE = "request";
/**
 * Bump when steps change incompatibly: stored dialogues of an older version are dropped, with a kind
 * note (create-bot.ts). The replay log records each Telegram call, so a step that sends a different
 * number of messages is such a change (2: a wrong answer's notice and the repeated question became
 * one message; 3: typed answers, one-line re-asks, re-asks after a stale press; 4: a submit key; 5: safe mode at the phone step; 6: consent remembered, the last contact offered, a second contact).
 */
export const REQUEST_DIALOGUE_VERSION = 6;

export interface RequestDialogueArgs {
  locale: string;
  communityId: string;
  serviceId?: string;
  onBehalf?: boolean;
  /** The resident's Telegram first name, offered as a one-tap answer to "what should we call you". */
  firstName?: string;
  /** What the resident already wrote (a story kept by the search): «що потрібно», so only what is missing is asked. */
  story?: string;
  /** The resident's words signalled danger just before (features/danger.ts): the request gets 🆘. */
  danger?: boolean;
}

type Outcome = "next" | "back" | "cancel";

/** A request's idempotency key, `hhsk-` and 12 random characters (findable in a stored dialogue: requests/drafts.ts). */
const newSubmitKey = () => `hhsk-${randomBytes(9).toString("base64url")}`;

export function createRequestDialogue(deps: BotDeps) {
  const timeoutMs = deps.settings.dialogueTimeoutMinutes * 60_000;
  // Pressed mid-dialogue, the menu's labels must not end up as answers ("send a request" sends).
  const menuLabels = menuLabelsOf(deps.i18n);
  const menuSendLabels = new Set(SUPPORTED_LOCALES.map((locale) => deps.i18n.t(locale, "menu-request")));
  const book = answerBook();

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
    const serviceName = service ? escapeHtml(pick(service.name, args.locale)!) : undefined;
    // The idempotency key of this request, chosen once (the replay log keeps it): a second «send» —
    // a double tap, the summary replayed after a crash, the menu's «✉️» — finds the request it made.
    const submitKey = await conversation.external(() => newSubmitKey());
    const alreadySent = () =>
      conversation.external((outer) => outer.deps.requests.findSubmitted(BigInt(outer.from!.id), submitKey).then((made) => made?.number ?? null));
    /** Ends the dialogue on «cancel», unless this dialogue's request was already sent: then says so. */
    const cancelled = async () => {
      const number = await alreadySent();
      await ctx.reply(number ? t("req-cancel-after-sent", { number }) : t("req-cancelled"), { parse_mode: "HTML", ...menu });
    };
    const expiredText = async () => {
      const number = await alreadySent();
      return number ? t("req-already-sent", { number }) : t("req-expired");
    };
    const ask = createAsk({ conversation, ctx, t, book, menu, timeoutMs, expiredText, menuLabels, menuSendLabels });
    const questions = createQuestions(t, book);
    /** Steps an earlier answer already took care of («для тата» names the relation, a story the need). */
    const answered = new Set<StepId>();
    if (args.story) {
      draft.mode = "write";
      draft.details = args.story;
      answered.add("mode").add("address").add("details");
    }

    const outcomeOf = (result: { outcome: "back" | "cancel" | "skip" }): Outcome => (result.outcome === "skip" ? "next" : result.outcome);
    /** Stores a value, or turns back/cancel/skip into the flow's outcome. */
    function settle<T>(result: Asked<T>, store: (value: T) => void): Outcome {
      if ("value" in result) {
        store(result.value);
        return "next";
      }
      return outcomeOf(result);
    }

    /** One step of the dialogue; the value lands in the draft. */
    async function runStep(step: StepId, back: boolean): Promise<Outcome> {
      switch (step) {
        case "mode":
          return settle(await ask(questions.mode(back)), (value) => {
            draft.mode = value.mode;
            if (value.botOnly) {
              draft.contactByBotOnly = true;
              delete draft.phone;
              answered.add("phone");
            }
            if (value.details) {
              draft.details = value.details;
              answered.add("details");
            } else answered.delete("details");
          });
        case "forWhom":
          return settle(await ask(questions.forWhom(back)), (value) => {
            draft.onBehalf = value.forOther;
            answered.delete("relation");
            if (!value.forOther) {
              delete draft.subjectName;
              delete draft.subjectRelation;
            } else if (value.relation) {
              draft.subjectRelation = t(`relation-${value.relation}`);
              answered.add("relation");
            }
          });
        case "subjectName":
          return settle(await ask(questions.subjectName(back, draft.mode === "callback")), (value) => (draft.subjectName = value));
        case "relation":
          return settle(await ask(questions.relation(back)), (value) => (draft.subjectRelation = value));
        case "contactName": {
          // A returning resident first gets their last request's name and phone, kept with one tap.
          if (previous) {
            const shown = `${quote(previous.contactName, LIMITS.name)}, ${previous.phone ? formatPhone(previous.phone) : t("req-summary-bot-only")}`;
            const same = await ask(questions.sameContact(back, shown));
            if (!("value" in same)) return outcomeOf(same);
            const kept = previous;
            previous = undefined; // asked once: going back or changing the name later asks the name itself
            if (same.value) {
              draft.contactName = kept.contactName;
              if (kept.phone && !draft.contactByBotOnly) draft.phone = kept.phone;
              else {
                // Bot-only last time (or said so already in this dialogue): it stays so.
                draft.contactByBotOnly = true;
                delete draft.phone;
                if (draft.mode === "callback") draft.mode = "write";
              }
              answered.add("phone");
              return "next";
            }
          }
          // A Telegram name can be invisible (a Hangul filler is a popular one): then it is not offered.
          const firstName = hasVisibleText(args.firstName) ? firstCodePoints(args.firstName!.trim(), LIMITS.name) : undefined;
          return settle(await ask(questions.contactName(back, firstName)), (value) => (draft.contactName = value));
        }
        case "phone": {
          const result = await ask(questions.phone(back));
          if ("value" in result) {
            const answer = result.value;
            if ("phone" in answer) {
              draft.phone = answer.phone;
              delete draft.contactByBotOnly;
            } else {
              // Safe mode: no phone; a call-back request becomes a written one (nobody will call).
              draft.contactByBotOnly = true;
              delete draft.phone;
              if (draft.mode === "callback") draft.mode = "write";
            }
            // Puts the main menu back in place of the one-off "share my number" keyboard.
            await ctx.reply("phone" in answer ? `📞 ${formatPhone(answer.phone)} ✓` : t("req-bot-only-ok"), menu);
          }
          return settle(result, () => undefined);
        }
        case "secondContact": {
          const subject = draft.subjectName ? quote(draft.subjectName, LIMITS.name) : t("req-second-contact-subject");
          const result = await ask(questions.secondContact(back, subject));
          if (!("value" in result) && result.outcome === "skip") delete draft.secondContact;
          return settle(result, (value) => (draft.secondContact = value));
        }
        case "address": {
          const result = await ask(questions.address(back));
          if (!("value" in result) && result.outcome === "skip") delete draft.address;
          return settle(result, (value) => (draft.address = value));
        }
        case "details": {
          const intro = serviceName ? `${t("req-details-for", { service: serviceName })}\n` : "";
          return settle(await ask(questions.details(back, intro)), (value) => {
            draft.details = value.text;
            draft.attachments = value.attachment ? [value.attachment] : [];
          });
        }
        case "callbackTime":
          return settle(await ask(questions.callbackTime(back)), (value) => (draft.callBackTime = value));
      }
    }

    /**
     * The service the request goes to: the one it was started from, or, for a free-form request, the one
     * its words clearly name (danger: to crisis intervention or shelter). Shown on the summary, so the
     * service the resident confirms is the one staff and «Мої звернення» show.
     */
    function routedServiceId(): string | undefined {
      if (service) return service.id;
      if (draft.mode === "callback" || !draft.details) return undefined;
      const [danger] = detectDanger(draft.details);
      if (danger) return danger === "no-shelter" ? "shelter" : "crisis-intervention";
      const [best] = deps.matcher.search(draft.details, 1);
      return best && best.score >= 0.75 ? best.serviceId : undefined;
    }
    const routedName = () => {
      const routed = routedServiceId();
      const found = routed ? deps.catalog.services.get(routed) : undefined;
      return found ? escapeHtml(pick(found.name, args.locale)!) : undefined;
    };

    /** The steps, given what is known so far: changes of mode or of "for whom" change the path. */
    function plan(): StepId[] {
      const steps: StepId[] = ["mode"];
      if (args.onBehalf === undefined) steps.push("forWhom");
      if (draft.onBehalf) steps.push("subjectName", "relation");
      steps.push("contactName");
      if (!draft.contactByBotOnly || !answered.has("phone")) steps.push("phone");
      if (draft.mode === "callback") steps.push("callbackTime");
      else steps.push("address", "details");
      return steps.filter((step) => !answered.has(step));
    }

    // ── Consent first: nothing personal is asked before it. Once given, it holds for the next requests
    //    (requests/consent.ts) until withdrawn in /privacy: then one line says which consent is used. ──
    const purpose = requestsPurpose(args.communityId);
    const version = consentVersion(deps.settings.retentionDays);
    const given = await conversation.external((outer) =>
      outer.deps.consents.current(BigInt(outer.from!.id), purpose, version).then((found) => found?.givenAt.toISOString() ?? null),
    );
    let consentAt: Date;
    if (given) {
      consentAt = new Date(given);
      await ctx.reply(t("consent-reused", { date: formatDay(consentAt, args.locale) }), menu);
    } else {
      const consentText = t("req-consent", { community: escapeHtml(pick(community?.name, args.locale) ?? ""), days: deps.settings.retentionDays });
      const consent = await ask(questions.consent(consentText));
      if (!("value" in consent) || !consent.value) {
        await ctx.reply("value" in consent ? t("req-consent-declined") : t("req-cancelled"), menu);
        return;
      }
      const at = await conversation.external((outer) =>
        outer.deps.consents
          .give(BigInt(outer.from!.id), purpose, version, { locale: args.locale, communityId: args.communityId })
          .then((date) => date.toISOString()),
      );
      consentAt = new Date(at);
    }

    /** The contact of the resident's last request, offered once at the name step («так, той самий»). */
    let previous = (await conversation.external((outer) => outer.deps.requests.lastContact(BigInt(outer.from!.id)))) ?? undefined;

    // ── The steps, with back and cancel. ──
    let index = 0;
    while (index < plan().length) {
      const step = plan()[index]!;
      const result = await runStep(step, true);
      if (result === "cancel") {
        await cancelled();
        return;
      }
      if (result === "back") {
        const at = plan().indexOf(step);
        if (at <= 0) {
          await cancelled();
          return;
        }
        index = at - 1;
      } else {
        // The plan may have changed under this answer (a relation named with «for whom»): go on after it.
        index = plan().indexOf(step) + 1;
      }
    }

    // ── Summary: send, change a field, or cancel. ──
    for (;;) {
      // Asking for someone else, a second contact (the person in need, a neighbour) is one tap away.
      const offerSecond = Boolean(draft.onBehalf && !draft.secondContact);
      const decision = await ask(questions.summary(renderSummary(t, draft, routedName()), `send:${submitKey}`, offerSecond));
      if (!("value" in decision)) {
        await cancelled();
        return;
      }
      if (decision.value === "send") break;
      if (decision.value === "second") {
        if ((await runStep("secondContact", true)) === "cancel") {
          await cancelled();
          return;
        }
        continue;
      }
      const which = await ask(questions.edit(editChoices(t, draft, args.onBehalf === undefined)));
      if (!("value" in which)) {
        if (which.outcome === "cancel") {
          await cancelled();
          return;
        }
        continue;
      }
      const steps: StepId[] = which.value === "forWhom" ? ["forWhom", "subjectName", "relation"] : [which.value];
      for (const step of steps) {
        if ((step === "subjectName" || step === "relation") && !draft.onBehalf) continue;
        if (step === "relation" && answered.has("relation")) continue;
        const result = await runStep(step, true);
        if (result === "cancel") {
          await cancelled();
          return;
        }
        if (result === "back") break;
      }
    }

    // ── Save, route, number. ──
    const requestDraft: RequestDraft = {
      communityId: args.communityId,
      ...(routedServiceId() ? { serviceId: routedServiceId()! } : {}),
      onBehalf: draft.onBehalf ?? false,
      ...(draft.onBehalf && draft.subjectName ? { subjectName: draft.subjectName } : {}),
      ...(draft.onBehalf && draft.subjectRelation ? { subjectRelation: draft.subjectRelation } : {}),
      ...(draft.contactName ? { contactName: draft.contactName } : {}),
      ...(draft.phone && !draft.contactByBotOnly ? { phone: draft.phone } : {}),
      ...(draft.contactByBotOnly ? { contactByBotOnly: true } : {}),
      ...(draft.onBehalf && draft.secondContact ? { secondContact: draft.secondContact } : {}),
      ...(args.danger ? { danger: true } : {}),
      ...(draft.mode !== "callback" && draft.address ? { address: draft.address } : {}),
      ...(draft.mode !== "callback" && draft.details ? { details: draft.details } : {}),
      attachments: draft.mode !== "callback" ? draft.attachments : [],
      callBack: draft.mode === "callback",
      ...(draft.mode === "callback" && draft.callBackTime ? { callBackTime: draft.callBackTime } : {}),
      consentAt,
      submitKey,
    };
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
    if (saved.alreadySent) {
      await ctx.reply(t("req-already-sent", { number: saved.number }), { parse_mode: "HTML", ...menu });
      return;
    }
    const department = community?.departments.find((candidate) => `${args.communityId}/${candidate.id}` === saved.departmentKey);
    const departmentName = escapeHtml(pick(department?.name, args.locale) ?? "");
    await ctx.reply(
      requestDraft.contactByBotOnly || !requestDraft.phone
        ? t("req-sent-bot-only", { number: saved.number, department: departmentName })
        : t("req-sent", { number: saved.number, department: departmentName, phone: formatPhone(requestDraft.phone) }),
      { parse_mode: "HTML", ...menu },
    );
    // News, offered once (announce); not in safe mode or after danger: someone else may read the phone.
    if (!requestDraft.contactByBotOnly && !args.danger) await offerNewsAfterRequest(conversation, ctx, t, args.communityId);
  };
}
