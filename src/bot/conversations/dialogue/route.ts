import { detectDanger } from "../../../requests/danger.ts";
import type { BotDeps } from "../../context.ts";
import { escapeHtml } from "../../render/html.ts";
import { pick } from "../../render/text.ts";
import { neededText, type Draft } from "./render.ts";

/**
 * The service the request goes to: the one it was started from, or, for a free-form request, the one
 * its words clearly name (danger: to crisis intervention or shelter). Shown on the summary, so the
 * service the resident confirms is the one staff and «Мої звернення» show.
 */
export function routedServiceIdOf(deps: Pick<BotDeps, "matcher">, startedFrom: { id: string } | undefined, draft: Draft): string | undefined {
  if (startedFrom) return startedFrom.id;
  // What is needed, with words of danger said on the way (a call-back request has only those).
  const needed = neededText(draft);
  if (!needed) return undefined;
  const [danger] = detectDanger(needed);
  if (danger) return danger === "no-shelter" ? "shelter" : "crisis-intervention";
  if (draft.mode === "callback") return undefined;
  const [best] = deps.matcher.search(needed, 1);
  return best && best.score >= 0.75 ? best.serviceId : undefined;
}

/** The routed service's name in `locale`, as HTML (the summary's «Послуга»), if there is one. */
export function routedServiceName(deps: Pick<BotDeps, "catalog">, routed: string | undefined, locale: string): string | undefined {
  const found = routed ? deps.catalog.services.get(routed) : undefined;
  return found ? escapeHtml(pick(found.name, locale)!) : undefined;
}
