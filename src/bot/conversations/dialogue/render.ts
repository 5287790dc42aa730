import type { RequestDraft } from "../../../requests/model.ts";
import type { Translate } from "../../context.ts";
import { joinParts, quote } from "../../render/text.ts";
import { formatPhone } from "../../../requests/phone.ts";
import { relationLabel } from "../../../requests/relations.ts";
import { LIMITS } from "./answers.ts";
import type { Mode } from "./steps.ts";

/** What the dialogue has collected so far: the request's own fields, filled in step by step. */
export type Draft = Partial<
  Pick<RequestDraft, "onBehalf" | "subjectName" | "subjectRelation" | "contactName" | "phone" | "address" | "details" | "callBackTime" | "contactByBotOnly" | "secondContact">
> &
  Pick<RequestDraft, "attachments"> & {
    mode?: Mode;
    /** «Call her, not me»: staff phone the person in need (`secondContact`), the resident only in the bot. */
    callOther?: true;
    /**
     * Words of danger said in the middle of the dialogue, at a question they did not answer («мене чоловік
     * б'є» at the name): staff read them with what is needed (and why the request is 🆘), whatever the mode.
     */
    saidInDanger?: string;
    /**
     * Words said beside an answer, for staff: a wish said with the consent («так, тільки не дзвоніть
     * зранку»), more typed at a call-back request's summary. Shown with what is needed, whatever the mode.
     */
    saidAlong?: string;
    /** «🧹 Приховати розмову» was pressed since: the summary no longer shows those words (staff still get them). */
    saidHidden?: true;
  };

/** «Що потрібно» as the summary shows it (HTML): after «🧹», her words of danger only as a neutral line. */
function neededOnScreen(draft: Draft, t: Translate): string | undefined {
  const hidden = draft.saidHidden === true && draft.saidInDanger !== undefined;
  const needed = neededText(hidden ? { ...draft, saidInDanger: undefined } : draft);
  if (!hidden) return needed && quote(needed, LIMITS.details);
  return `${needed ? `${quote(needed, LIMITS.details)}\n` : ""}${t("req-summary-words-hidden")}`;
}

/**
 * What staff read as «що потрібно»: what is needed (written requests), the words said beside an answer,
 * then the words of danger said on the way.
 */
export function neededText(draft: Draft): string | undefined {
  const said = draft.saidInDanger ? Array.from(draft.saidInDanger).slice(0, LIMITS.details).join("") : undefined;
  // Within the request's limit the words of danger are never the part cut off: a long description is.
  let room = LIMITS.details - (said ? Array.from(said).length + 1 : 0);
  const along = draft.saidAlong && room > 0 ? Array.from(draft.saidAlong).slice(0, room).join("") : undefined;
  room -= along ? Array.from(along).length + 1 : 0;
  const details = draft.mode !== "callback" && draft.details && room > 0 ? Array.from(draft.details).slice(0, room).join("") : undefined;
  const parts = [details, along, said].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join("\n") : undefined;
}

const lowerFirst = (text: string) => text.charAt(0).toLocaleLowerCase("uk") + text.slice(1);

/** The summary the resident checks before sending; `serviceName` is already HTML. */
export function renderSummary(t: Translate, draft: Draft, serviceName: string | undefined): string {
  const subject = draft.onBehalf
    ? [draft.subjectName && quote(draft.subjectName, LIMITS.name), draft.subjectRelation && `(${quote(lowerFirst(relationLabel(draft.subjectRelation, t)), LIMITS.relation)})`]
        .filter(Boolean)
        .join(" ") || "—"
    : t("req-summary-for-me");
  const attachments = draft.attachments.map((a) => (a.kind === "photo" ? t("req-summary-photo") : t("req-summary-voice")));
  const callback = draft.mode === "callback";
  const needed = neededOnScreen(draft, t);
  return joinParts([
    t("req-summary-title"),
    `${t("req-summary-service")}: ${serviceName ?? t("req-summary-general")}`,
    `${t("req-summary-for")}: ${subject}`,
    draft.contactName && `${t("req-summary-contact")}: ${quote(draft.contactName, LIMITS.name)}`,
    draft.contactByBotOnly
      ? `${t("req-summary-phone")}: ${draft.phone ? `${formatPhone(draft.phone)}, ${t("req-summary-sms-only")}` : t(draft.callOther ? "req-summary-answered-here" : "req-summary-bot-only")}`
      : draft.phone && `${t("req-summary-phone")}: ${formatPhone(draft.phone)}`,
    draft.onBehalf &&
      draft.secondContact &&
      `${t(draft.callOther && draft.contactByBotOnly ? "req-summary-call-other" : "req-summary-second-contact")}: ${[draft.secondContact.name && quote(draft.secondContact.name, LIMITS.name), formatPhone(draft.secondContact.phone)].filter(Boolean).join(", ")}`,
    callback && draft.callBackTime && `${t("req-summary-callback")}: ${t(`time-${draft.callBackTime}`)}`,
    draft.address && `${t("req-summary-address")}: ${quote(draft.address, LIMITS.address)}`,
    needed && `${t("req-summary-details")}: ${needed}`,
    !callback && attachments.length > 0 && attachments.join(", "),
  ]);
}

/**
 * The confirmation: who will contact the resident, and how — by phone; only here; here or by SMS
 * («тільки смс»); or the person in need is phoned and the resident written to here («call her, not me»).
 */
export function renderSent(t: Translate, request: Pick<RequestDraft, "phone" | "contactByBotOnly" | "secondContact">, number: string, department: string): string {
  const phone = request.phone && formatPhone(request.phone);
  const other = request.contactByBotOnly && !phone ? request.secondContact : undefined;
  if (other) return t("req-sent-call-other", { number, department, phone: formatPhone(other.phone) });
  if (!phone) return t("req-sent-bot-only", { number, department });
  return t(request.contactByBotOnly ? "req-sent-sms" : "req-sent", { number, department, phone });
}

/** The buttons of the summary's «what to change». */
export function editChoices(t: Translate, draft: Draft, askedForWhom: boolean) {
  return [
    ...(askedForWhom ? [{ label: t("req-edit-for-whom"), value: "forWhom" as const }] : []),
    { label: t("req-edit-name"), value: "contactName" as const },
    { label: t("req-edit-phone"), value: "phone" as const },
    ...(draft.onBehalf && draft.secondContact ? [{ label: t("req-edit-second-contact"), value: "secondContact" as const }] : []),
    ...(draft.mode === "callback"
      ? [{ label: t("req-edit-time"), value: "callbackTime" as const }]
      : [
          { label: t("req-edit-address"), value: "address" as const },
          { label: t("req-edit-details"), value: "details" as const },
        ]),
  ];
}

