import type { Api } from "grammy";
import type { Catalog } from "../catalog/catalog.ts";
import { MAX_CORRECTION_LENGTH, MAX_CORRECTION_NEED_LENGTH, type FreshnessService } from "../catalog/freshness.ts";
import type { OutboxMessage } from "../generated/prisma/client.ts";
import type { DeliveryResult } from "../inbox/relay.ts";
import type { Translate } from "./context.ts";
import { button } from "./keyboards.ts";
import { escapeHtml } from "./render/html.ts";
import { renderProviderDetails } from "./render/provider-card.ts";
import { pick, quote } from "./render/text.ts";

/**
 * The outbox kinds of the catalogue's freshness (src/catalog/freshness.ts): a correction note for a
 * department's group, and the "are these details still right?" question for a provider's contact chat.
 * Rendered at send time, in the staff language; every catalogue or resident text escaped.
 */
export const CATALOG_NOTE_KINDS = ["catalog-correction", "provider-check"] as const;

export interface CatalogNotesDeps {
  api: Api;
  catalog: Catalog;
  freshness: FreshnessService;
  staffLocale: string;
  staffT: Translate;
}

export async function deliverCatalogNote(deps: CatalogNotesDeps, message: OutboxMessage): Promise<DeliveryResult> {
  const { api, catalog, freshness, staffLocale, staffT } = deps;
  const payload = (message.payload ?? {}) as Record<string, unknown>;
  const chatId = Number(message.chatId);
  if (message.kind === "catalog-correction") {
    const communityId = String(payload.communityId ?? "");
    const text = quote(String(payload.text ?? ""), MAX_CORRECTION_LENGTH);
    const body =
      payload.origin === "provider"
        ? staffT("staff-correction-provider", {
            provider: escapeHtml(pick(freshness.provider(String(payload.providerKey ?? ""))?.provider.name, staffLocale) ?? String(payload.providerKey ?? "")),
            text,
          })
        : staffT("staff-correction-resident", {
            service: escapeHtml(pick(catalog.services.get(String(payload.serviceId ?? ""))?.name, staffLocale) ?? String(payload.serviceId ?? "—")),
            community: escapeHtml(pick(catalog.communities.get(communityId)?.name, staffLocale) ?? communityId),
            text,
          });
    // What the resident had written when the card was shown (a story): the need the card did not fit.
    const need = typeof payload.need === "string" && payload.need ? `\n${staffT("staff-correction-need", { need: quote(payload.need, MAX_CORRECTION_NEED_LENGTH) })}` : "";
    await api.sendMessage(chatId, `${body}${need}\n<i>${staffT("staff-correction-footer", { community: escapeHtml(communityId) })}</i>`, { parse_mode: "HTML" });
    return { outcome: "sent" };
  }
  // provider-check
  const key = String(payload.providerKey ?? "");
  const ref = freshness.provider(key);
  if (!ref) return { outcome: "drop", error: "the provider is no longer in the catalogue" };
  const text = `${staffT("freshness-question")}\n\n${renderProviderDetails(catalog, ref.provider, staffLocale)}`;
  await api.sendMessage(chatId, text, {
    parse_mode: "HTML",
    link_preview_options: { is_disabled: true },
    reply_markup: { inline_keyboard: [[button(staffT("freshness-yes"), `fc1:y:${key}`), button(staffT("freshness-changed"), `fc1:n:${key}`)]] },
  });
  return { outcome: "sent" };
}
