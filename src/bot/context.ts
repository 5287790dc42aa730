import type { Context, SessionFlavor } from "grammy";
import type { I18nFlavor } from "@grammyjs/i18n";
import type { Logger } from "../logger.ts";

/** What a resident's session remembers between updates (kept in the database). */
export interface SessionData {
  /** The language the resident chose; read by @grammyjs/i18n (its own field name). */
  __language_code?: string;
}

/** Domain services and infrastructure the features use; built once in app.ts and passed down. */
export interface BotDeps {
  readonly logger: Logger;
}

export type BotContext = Context & SessionFlavor<SessionData> & I18nFlavor & { readonly deps: BotDeps };
