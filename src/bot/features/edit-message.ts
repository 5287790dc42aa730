import { GrammyError } from "grammy";
import type { InlineKeyboardMarkup, LinkPreviewOptions, ParseMode } from "grammy/types";
import type { BotContext } from "../context.ts";

export interface EditOptions {
  parse_mode?: ParseMode;
  reply_markup?: InlineKeyboardMarkup;
  link_preview_options?: LinkPreviewOptions;
}

const NOT_MODIFIED = /message is not modified/i;
const CANNOT_EDIT = /message to edit not found|message can't be edited|MESSAGE_ID_INVALID/i;

/**
 * Shows `text` in place of the message whose button was pressed. A double tap (Telegram: "message is
 * not modified") is already done; a message that cannot be edited any more (deleted, too old) gets a
 * new message instead — with `instead`'s keyboard when given (a reply keyboard, which no edit can
 * bring). Either used to fail the whole update.
 */
export async function editOrReply(ctx: BotContext, text: string, options: EditOptions = {}, instead?: Pick<NonNullable<Parameters<BotContext["reply"]>[1]>, "reply_markup">): Promise<void> {
  try {
    await ctx.editMessageText(text, options);
  } catch (error) {
    if (!(error instanceof GrammyError)) throw error;
    if (NOT_MODIFIED.test(error.description)) return;
    if (!CANNOT_EDIT.test(error.description)) throw error;
    await ctx.reply(text, { ...options, ...instead });
  }
}
