import { TooManyOpenRequestsError, type RequestDraft } from "../../../requests/service.ts";
import type { BotContext, BotDeps, Translate } from "../../context.ts";
import { clearDangerMark } from "../../features/danger-mark.ts";
import { hideButtonIn } from "../../features/hide.ts";
import { newsOfferWithRequest } from "../../features/news.ts";
import type { mainMenu } from "../../keyboards.ts";
import { escapeHtml } from "../../render/html.ts";
import { pick } from "../../render/text.ts";
import { sessionWriteWith } from "../../session-writes.ts";
import type { Say } from "./ask.ts";
import { neededText, renderSent } from "./render.ts";
import type { DialogueState } from "./state.ts";

/** The request the dialogue's answers make, routed to `serviceId` (route.ts); only the mode's own fields are kept. */
export function requestDraftOf(state: DialogueState, serviceId: string | undefined): RequestDraft {
  const { args, draft } = state;
  return {
    communityId: args.communityId,
    ...(serviceId ? { serviceId } : {}),
    onBehalf: draft.onBehalf ?? false,
    ...(draft.onBehalf && draft.subjectName ? { subjectName: draft.subjectName } : {}),
    ...(draft.onBehalf && draft.subjectRelation ? { subjectRelation: draft.subjectRelation } : {}),
    ...(draft.contactName ? { contactName: draft.contactName } : {}),
    // With «не дзвоніть» a number is kept only when the resident gave it for SMS («тільки смс»).
    ...(draft.phone ? { phone: draft.phone } : {}),
    ...(draft.contactByBotOnly ? { contactByBotOnly: true } : {}),
    ...(draft.onBehalf && draft.secondContact ? { secondContact: draft.secondContact } : {}),
    ...(args.danger ? { danger: true } : {}),
    ...(draft.address ? { address: draft.address } : {}),
    ...(neededText(draft) ? { details: neededText(draft)! } : {}),
    attachments: draft.mode !== "callback" ? draft.attachments : [],
    callBack: draft.mode === "callback",
    ...(draft.mode === "callback" && draft.callBackTime ? { callBackTime: draft.callBackTime } : {}),
    consentAt: new Date(state.consentAt!),
    submitKey: state.submitKey,
  };
}

/** What «send» needs of the dialogue handling this update. */
export interface Submitting {
  ctx: BotContext;
  deps: BotDeps;
  state: DialogueState;
  residentId: bigint;
  /** The service the request goes to (route.ts), as the summary showed it. */
  serviceId: string | undefined;
  t: Translate;
  say: Say;
  menu: () => { reply_markup: ReturnType<typeof mainMenu> };
  /** Ends the dialogue (the session no longer holds it). */
  end: () => void;
}

/**
 * «Надіслати»: ends the dialogue, saves the request with the news offer and the session in one round
 * trip and transaction, and says its number and department (or why it was not saved).
 */
export async function submitRequest({ ctx, deps, state, residentId, serviceId, t, say, menu, end }: Submitting): Promise<void> {
  const { args } = state;
  end();
  const requestDraft = requestDraftOf(state, serviceId);
  if (args.danger) clearDangerMark(ctx); // this request is the danger's: the next one is not (danger-mark.ts)
  // In the request's round trip and transaction: the news offer (once; not in safe mode or after
  // danger: someone else may read the phone) and the session, which no longer holds the dialogue.
  const offer = requestDraft.contactByBotOnly || args.danger ? undefined : newsOfferWithRequest(deps, residentId, args.communityId, state.submitKey);
  const session = sessionWriteWith(ctx, { atomic: true });
  let saved: Awaited<ReturnType<typeof deps.requests.createRequest>>;
  try {
    saved = await deps.requests.createRequest(residentId, args.locale, requestDraft, [offer, session?.statement].filter((statement) => statement !== undefined));
    session?.written();
    deps.logger.info({ event: "request_created", request: saved.id, department: saved.departmentKey }, "request created");
  } catch (error) {
    if (!(error instanceof TooManyOpenRequestsError)) {
      deps.logger.error({ event: "request_create_failed", err: { name: (error as Error).name, message: (error as Error).message } }, "could not save a request");
    }
    await say(error instanceof TooManyOpenRequestsError ? t("req-too-many", { count: error.limit }) : t("error-generic"), menu());
    return;
  }
  // From the danger path, «🧹 Приховати розмову» under the confirmation (the menu's keys stay on the
  // screen: the phone question put them back, and a message carries one keyboard).
  const done = () => (args.danger ? { reply_markup: { inline_keyboard: [[hideButtonIn(t)]] } } : menu());
  if (saved.alreadySent) {
    await say(t("req-already-sent", { number: saved.number }), { parse_mode: "HTML", ...done() });
    return;
  }
  const community = deps.catalog.communities.get(args.communityId);
  const department = community?.departments.find((candidate) => `${args.communityId}/${candidate.id}` === saved.departmentKey);
  const departmentName = escapeHtml(pick(department?.name, args.locale) ?? "");
  await say(renderSent(t, requestDraft, saved.number, departmentName), { parse_mode: "HTML", ...done() });
}
