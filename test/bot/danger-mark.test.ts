import { describe, expect, it } from "vitest";
import type { BotContext } from "../../src/bot/context.ts";
import { clearDangerMark, DANGER_MARK_MS, dangerMarked, ledAwayFromDanger } from "../../src/bot/features/danger-mark.ts";

/** Which request the danger marks 🆘 (features/danger-mark.ts): soon after it, and only once. */
const chat = (danger?: BotContext["session"]["danger"]) => ({ session: { danger } }) as unknown as BotContext;

describe("the danger mark", () => {
  const at = 1_000_000;
  it("applies soon after the danger was said", () => {
    expect(dangerMarked(chat({ kinds: ["fear"], messageIds: [], at }), at + 60_000)).toBe(true);
    expect(dangerMarked(chat({ kinds: ["fear"], messageIds: [], at }), at + DANGER_MARK_MS)).toBe(true);
  });

  it("no longer applies later, nor without a time (a session stored before it had one), nor without danger", () => {
    expect(dangerMarked(chat({ kinds: ["fear"], messageIds: [], at }), at + DANGER_MARK_MS + 1)).toBe(false);
    expect(dangerMarked(chat({ kinds: ["violence"], messageIds: [1, 2] }), at)).toBe(false);
    expect(dangerMarked(chat(), at)).toBe(false);
    expect(dangerMarked(chat({ kinds: [], messageIds: [], at }), at)).toBe(false);
  });

  it("is cleared, keeping the message ids «🧹 Приховати розмову» deletes", () => {
    const ctx = chat({ kinds: ["suicide"], messageIds: [5, 6], at });
    clearDangerMark(ctx);
    expect(dangerMarked(ctx, at)).toBe(false);
    expect(ctx.session.danger).toEqual({ kinds: [], messageIds: [5, 6] });
  });

  it("a search leads away from the danger when its best service is not on the danger's way on; nothing found leads nowhere", () => {
    expect(ledAwayFromDanger(["housing-subsidy", "crisis-intervention"])).toBe(true);
    expect(ledAwayFromDanger(["shelter"])).toBe(false);
    expect(ledAwayFromDanger(["psychological-support", "housing-subsidy"])).toBe(false);
    expect(ledAwayFromDanger([])).toBe(false);
    expect(ledAwayFromDanger(undefined)).toBe(false);
  });
});
