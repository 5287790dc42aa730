/**
 * A chat's session key: the chat id (in a private chat, the resident's user id: eraseResident relies
 * on it). Session rows are `session:<key>` (create-bot.ts's SESSION_PREFIX).
 */
export const sessionKeyOf = (ctx: { chat?: { id: number } }): string | undefined => (ctx.chat ? String(ctx.chat.id) : undefined);
