import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { BOT_INFO } from "../helpers/app-harness.ts";
import { aMinuteLater, groupOf, staffPrompt } from "../helpers/inbox-steps.ts";
import { t, useDrivenApp, type Driver } from "../security/driver.ts";

/**
 * Delivery truth (issue 15): «✓ доставлено» only after the resident's copy arrived; a 403 marks the
 * card and the resident as blocked and tells the staff member; my_chat_member sets and clears the
 * mark, and an unblock sends what waited at once.
 */

const app = useDrivenApp();
let nextUpdate = 9_100_000;

function membership(driver: Driver, resident: number, status: "kicked" | "member") {
  return driver.handle({
    update_id: nextUpdate++,
    my_chat_member: {
      chat: { id: resident, type: "private", first_name: "R" },
      from: { id: resident, is_bot: false, first_name: "R" },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { user: BOT_INFO, status: status === "member" ? "kicked" : "member", ...(status === "member" ? { until_date: 0 } : {}) },
      new_chat_member: { user: BOT_INFO, status, ...(status === "kicked" ? { until_date: 0 } : {}) },
    },
  } as unknown as Update);
}

describe("what staff are told about a reply to a resident", () => {
  it("a 403: no «доставлено», a «не доставлено» note, the card says blocked; an unblock delivers at once and clears it", async () => {
    const { driver, target } = app;
    const resident = 65_001;
    const id = await driver.sendRequest(resident, { name: "Ніна", phone: "050 321 65 49", details: "Потрібна консультація щодо пенсії" });
    const group = await groupOf(driver, id);
    const number = (await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).number;
    aMinuteLater(); // past the relay's grace for a new request's acknowledgement (relay.ts)
    target.telegram.failWith = (method, payload) =>
      method === "sendMessage" && Number(payload.chat_id) === resident ? { error_code: 403, description: "Forbidden: bot was blocked by the user" } : undefined;
    try {
      await staffPrompt(driver, group, "rep", id, "Зателефонуйте нам у понеділок");
      await target.deliverOutbox();
    } finally {
      target.telegram.failWith = undefined;
    }
    const texts = () => target.telegram.chatMessages(group).map((message) => message.text);
    expect(texts()).not.toContain(t("staff-sent-to-resident", { number }));
    expect(texts()).toContain(t("staff-not-delivered-blocked", { number }));
    const card = () => target.telegram.chatMessages(group).find((message) => message.text.includes(`№ ${number}</b>`) && message.text.includes("Стан:"))!;
    expect(card().text).toContain("заблокував бота");
    expect((await target.db.prisma.resident.findUniqueOrThrow({ where: { id: BigInt(resident) } })).blockedAt).not.toBeNull();

    // The resident unblocks: the reply that waited goes out in the next round, not in 15 minutes.
    await membership(driver, resident, "member");
    await target.deliverOutbox();
    expect(target.telegram.chatMessages(resident).some((message) => message.text.includes("Зателефонуйте нам у понеділок"))).toBe(true);
    expect(texts()).toContain(t("staff-sent-to-resident", { number }));
    expect(card().text).not.toContain("заблокував бота");
    expect((await target.db.prisma.resident.findUniqueOrThrow({ where: { id: BigInt(resident) } })).blockedAt).toBeNull();

    // And blocking again (my_chat_member «kicked») marks it without waiting for a failed send.
    await membership(driver, resident, "kicked");
    await target.deliverOutbox();
    expect(card().text).toContain("заблокував бота");
    expect(target.violations).toEqual([]);
  });

  it("«✓ доставлено» comes after the resident's copy was sent, not before", async () => {
    const { driver, target } = app;
    const resident = 65_002;
    const id = await driver.sendRequest(resident, { name: "Петро", phone: "050 321 00 11", details: "Потрібна консультація щодо субсидії" });
    const group = await groupOf(driver, id);
    const number = (await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).number;
    aMinuteLater(); // past the relay's grace for a new request's acknowledgement (relay.ts)
    const before = target.telegram.calls.length;
    await staffPrompt(driver, group, "rep", id, "Приходьте у вівторок");
    const sends = target.telegram.calls.slice(before).filter((call) => call.method === "sendMessage" && !call.error);
    const toResident = sends.findIndex((call) => Number(call.payload.chat_id) === resident && String(call.payload.text).includes("Приходьте"));
    const ack = sends.findIndex((call) => call.payload.text === t("staff-sent-to-resident", { number }));
    expect(toResident).toBeGreaterThanOrEqual(0);
    expect(ack).toBeGreaterThan(toResident);
  });
});
