import { describe, expect, it } from "vitest";
import { syncCatalog } from "../../src/app.ts";
import { createLogger } from "../../src/logger.ts";
import { aMinuteLater, groupOf } from "../helpers/inbox-steps.ts";
import { useDrivenApp } from "../security/driver.ts";

/**
 * Groups that move (issue 15): a basic group upgraded to a supergroup gets a new chat id. The
 * department follows it (database and catalogue in memory), pending messages are re-addressed, open
 * requests get a card there, the operator is told which catalogue line to update, and the next
 * catalogue import does not undo it.
 */

const app = useDrivenApp();

describe("a staff group that becomes a supergroup", () => {
  it("migrate_to_chat_id: the department, its pending messages and open cards move; the import keeps it", async () => {
    const { driver, target } = app;
    aMinuteLater();
    const id = await driver.sendRequest(66_501, { name: "Остап", phone: "067 000 11 22", details: "Потрібна консультація" });
    const old = await groupOf(driver, id);
    const moved = -1_009_999_000_001;
    // A message for the group is still waiting when the group moves.
    await target.db.prisma.outboxMessage.create({ data: { chatId: BigInt(old), kind: "staff-reminder", requestId: id, payload: {} } });

    await driver.message(424242, { migrate_to_chat_id: moved }, old);

    const department = await target.db.prisma.department.findFirstOrThrow({ where: { chatId: BigInt(moved) } });
    expect(target.app.inbox.departmentsOfChat(moved).map((d) => d.key)).toEqual([department.key]);
    expect(target.app.inbox.departmentsOfChat(old)).toEqual([]);
    expect(await target.db.prisma.outboxMessage.count({ where: { chatId: BigInt(old), status: "pending" } })).toBe(0);
    await target.deliverOutbox();
    const there = target.telegram.chatMessages(moved).map((message) => message.text);
    const number = (await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).number;
    expect(there.some((text) => text.includes(`№ ${number}</b>`) && text.includes("Стан:"))).toBe(true);
    expect(there.some((text) => /zhytomyr\.yaml:\d+/.test(text) && text.includes(String(moved)))).toBe(true);
    expect(target.logLines.some((line) => line.includes('"event":"staff_group_migrated"') && /zhytomyr\.yaml:\d+/.test(line))).toBe(true);

    // The catalogue files still say the old id: importing them again does not undo the move.
    await syncCatalog(target.db, target.config.catalogDir, createLogger("silent"), { force: true });
    expect((await target.db.prisma.department.findUniqueOrThrow({ where: { key: department.key } })).chatId).toBe(BigInt(moved));
  });

  it("an «upgraded to a supergroup» error on delivery moves the department too", async () => {
    const { driver, target } = app;
    aMinuteLater();
    const id = await driver.sendRequest(66_502, { name: "Тарас", phone: "067 000 33 44", details: "Соціальне таксі до лікарні" });
    const old = await groupOf(driver, id);
    const moved = -1_009_999_000_002;
    target.telegram.failWith = (method, payload) =>
      Number(payload.chat_id) === old
        ? { error_code: 400, description: "Bad Request: group chat was upgraded to a supergroup chat", parameters: { migrate_to_chat_id: moved } }
        : undefined;
    try {
      await target.db.prisma.outboxMessage.create({ data: { chatId: BigInt(old), kind: "staff-reminder", requestId: id, payload: {} } });
      await target.deliverOutbox();
      await target.deliverOutbox();
    } finally {
      target.telegram.failWith = undefined;
    }
    expect(target.app.inbox.departmentsOfChat(moved)).toHaveLength(1);
    expect(target.telegram.chatMessages(moved).some((message) => message.text.includes(String(moved)))).toBe(true);
  });
});
