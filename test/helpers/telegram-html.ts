/**
 * Checks what the bot sends against Telegram's rules: text within 4096 characters after entity
 * parsing, HTML with only the tags Telegram knows, properly nested, entities escaped; callback data
 * within 64 bytes. Installed on every bot under test (see `guardOutgoing`).
 */
import type { Bot, Context } from "grammy";

const ALLOWED_TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre", "blockquote", "tg-spoiler", "span", "tg-emoji"]);
const ENTITY = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i;

export function validateTelegramHtml(html: string): string[] {
  const problems: string[] = [];
  const open: string[] = [];
  let visible = 0;
  for (let i = 0; i < html.length; ) {
    const ch = html[i]!;
    if (ch === "<") {
      const end = html.indexOf(">", i);
      if (end === -1) {
        problems.push(`unclosed "<" at ${i}`);
        break;
      }
      const tag = html.slice(i + 1, end);
      const closing = tag.startsWith("/");
      const name = (closing ? tag.slice(1) : tag).split(/\s/)[0]!.toLowerCase();
      if (!ALLOWED_TAGS.has(name)) problems.push(`tag <${tag}> is not allowed by Telegram`);
      if (closing) {
        if (open.pop() !== name) problems.push(`</${name}> closes nothing open at ${i}`);
      } else {
        open.push(name);
      }
      i = end + 1;
    } else if (ch === "&") {
      const match = ENTITY.exec(html.slice(i));
      if (!match) problems.push(`bare "&" at ${i}`);
      visible += 1;
      i += match ? match[0].length : 1;
    } else if (ch === ">") {
      problems.push(`bare ">" at ${i}`);
      i += 1;
    } else {
      visible += 1;
      i += 1;
    }
  }
  if (open.length > 0) problems.push(`unclosed tags: ${open.join(", ")}`);
  if (visible > 4096) problems.push(`text is ${visible} characters, over Telegram's 4096`);
  if (visible === 0) problems.push("text is empty");
  return problems;
}

function keyboardProblems(markup: unknown): string[] {
  const rows = (markup as { inline_keyboard?: Array<Array<{ callback_data?: string; text?: string }>> } | undefined)?.inline_keyboard ?? [];
  return rows.flat().flatMap((button) => [
    ...(button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64 ? [`callback data "${button.callback_data}" is over 64 bytes`] : []),
    ...(!button.text ? ["a button without text"] : []),
  ]);
}

/** Records every rule the bot breaks in what it sends; a test asserts the list stays empty. */
export function guardOutgoing<C extends Context>(bot: Bot<C>, violations: string[] = []): string[] {
  bot.api.config.use((prev, method, payload, signal) => {
    const body = payload as Record<string, unknown>;
    const text = (body.text ?? body.caption) as string | undefined;
    if (text !== undefined) {
      const plain = body.parse_mode === "HTML" ? validateTelegramHtml(text) : text.length > 4096 ? ["plain text over 4096 characters"] : [];
      if (body.parse_mode !== "HTML" && /<\/?[a-z]+>/i.test(text)) plain.push("HTML tags in a message sent without parse_mode HTML");
      violations.push(...plain.map((problem) => `${method}: ${problem}\n  in: ${text.slice(0, 200)}`));
    }
    violations.push(...keyboardProblems(body.reply_markup).map((problem) => `${method}: ${problem}`));
    return prev(method, payload, signal);
  });
  return violations;
}
