// A bare grammY bot, the baseline of `npm run bench:start`: plain JavaScript (as the compiled bot),
// long polling with bot.start(), one answer to /start. BOT_TOKEN and TELEGRAM_API_ROOT as the bot's.
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.TELEGRAM_API_ROOT } });
bot.command("start", (ctx) => ctx.reply("Hello"));
process.once("SIGTERM", () => void bot.stop().then(() => process.exit(0)));
void bot.start();
