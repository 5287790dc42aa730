import { describe, expect, it } from "vitest";
import { Bot, Composer, type Context } from "grammy";
import type { Update } from "grammy/types";
import { offlineBotInfo } from "../../src/bot/bot-info.ts";
import { FeatureComposer } from "../../src/bot/composer.ts";

/** A bot whose Bot API is never reached (nothing here calls it). */
function botWith(chain: FeatureComposer<Context>): Bot {
  const bot = new Bot("1:test", { botInfo: offlineBotInfo(1, "Test", "test_bot") });
  bot.use(chain);
  return bot;
}

let updateId = 1;
const text = (body: string, chatType: "private" | "group" = "private"): Update => ({
  update_id: updateId++,
  message: { message_id: 1, date: 1, chat: chatType === "private" ? { id: 5, type: "private", first_name: "R" } : { id: -5, type: "group", title: "G" }, from: { id: 5, is_bot: false, first_name: "R" }, text: body },
});
const press = (data: string): Update => ({
  update_id: updateId++,
  callback_query: { id: "1", from: { id: 5, is_bot: false, first_name: "R" }, chat_instance: "1", data, message: { message_id: 1, date: 1, chat: { id: 5, type: "private", first_name: "R" }, text: "…" } },
});

describe("FeatureComposer (grammY's Composer, run from a flat list)", () => {
  it("runs handlers in order, each `next` going on to the rest, around and after the handlers below", async () => {
    const seen: string[] = [];
    const chain = new FeatureComposer<Context>();
    chain.use(async (_ctx, next) => {
      seen.push("outer before");
      await next();
      seen.push("outer after");
    });
    const feature = new FeatureComposer<Context>();
    feature.on("callback_query:data", () => void seen.push("press"));
    feature.chatType("private").hears(/^hi/, async (ctx, next) => {
      seen.push(`hears ${ctx.match[0]}`);
      await next();
    });
    feature.on("message:text", (ctx) => void seen.push(`text ${ctx.message.text}`));
    chain.use(feature);
    chain.use(() => void seen.push("never reached: the text handler does not call next"));
    const bot = botWith(chain);

    await bot.handleUpdate(text("hi there"));
    expect(seen).toEqual(["outer before", "hears hi", "text hi there", "outer after"]);
    seen.length = 0;
    await bot.handleUpdate(press("x"));
    expect(seen).toEqual(["outer before", "press", "outer after"]);
  });

  it("a filter that says no passes the update on; async predicates and grammY's own composers work", async () => {
    const seen: string[] = [];
    const chain = new FeatureComposer<Context>();
    chain.filter(async (ctx) => ctx.chat?.type === "group", () => void seen.push("group"));
    chain.drop((ctx) => ctx.chat?.type === "group", (_ctx, next) => {
      seen.push("not a group");
      return next();
    });
    const plain = new Composer<Context>();
    plain.on("message", () => void seen.push("plain composer"));
    chain.use(plain);
    const bot = botWith(chain);

    await bot.handleUpdate(text("a", "group"));
    expect(seen).toEqual(["group"]);
    seen.length = 0;
    await bot.handleUpdate(text("b"));
    expect(seen).toEqual(["not a group", "plain composer"]);
  });

  it("handlers added after the composer was used still run (features register as their modules load)", async () => {
    const seen: string[] = [];
    const feature = new FeatureComposer<Context>();
    const chain = new FeatureComposer<Context>(feature);
    const bot = botWith(chain);
    const privateChat = feature.chatType("private");
    privateChat.on("message:text", () => void seen.push("late"));
    await bot.handleUpdate(text("x"));
    expect(seen).toEqual(["late"]);
  });

  it("an error thrown below, even synchronously, rejects `next` where a handler above can catch it", async () => {
    const caught: string[] = [];
    const chain = new FeatureComposer<Context>();
    chain.use((_ctx, next) =>
      next().catch((error: unknown) => {
        caught.push((error as Error).message);
      }),
    );
    chain.filter(
      () => true,
      () => {
        throw new Error("sync");
      },
    );
    const bot = botWith(chain);
    await bot.handleUpdate(text("x"));
    expect(caught).toEqual(["sync"]);

    const failing = new FeatureComposer<Context>();
    failing.on("message", async () => {
      throw new Error("async");
    });
    await expect(botWith(failing).handleUpdate(text("y"))).rejects.toThrow("async");
  });
});
