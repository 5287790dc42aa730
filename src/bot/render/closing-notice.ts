import type { HelpRequest } from "../../generated/prisma/client.ts";
import type { Translate } from "../context.ts";
import { button } from "../keyboards.ts";
import { quote } from "./text.ts";

/**
 * What a resident reads when staff close or decline their request (issue 18): words that fit how it
 * ended — help given, advice, a referral, nobody reached them — never a bare «виконано» or
 * «відхилено». Under a close: «Чи допомогли Вам?» (asked once) and «проблему не вирішено».
 */
export function closingNotice(
  t: Translate,
  request: Pick<HelpRequest, "id" | "number">,
  status: string,
  outcome: string,
  note: string | null,
  askFeedback: boolean,
): { text: string; replyMarkup?: { inline_keyboard: ReturnType<typeof button>[][] } } {
  const number = request.number;
  if (status === "rejected") {
    const reason = quote(note ?? "", 1000);
    return { text: t(outcome === "advice" ? "notify-declined-advice" : "notify-declined-refusal", { number, note: reason }) };
  }
  const parts = [t(`notify-closed-${outcome}`, { number })];
  if (note) parts.push(t("notify-close-note", { note: quote(note, 1000) }));
  if (askFeedback) parts.push(t("notify-feedback-question"));
  const rows = [
    ...(askFeedback ? [[button(t("feedback-yes"), `rs1:fb:${request.id}:u`), button(t("feedback-no"), `rs1:fb:${request.id}:d`)]] : []),
    [button(t("notify-not-solved"), `rs1:ro:${request.id}`)],
  ];
  return { text: parts.join("\n\n"), replyMarkup: { inline_keyboard: rows } };
}
