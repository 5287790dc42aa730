import { describe, expect, it } from "vitest";
import { useDrivenApp } from "../security/driver.ts";

/** Service messages (issue 15): write_access_allowed, chat_shared, users_shared get no reply. */

const app = useDrivenApp();

describe("service messages in a resident's chat", () => {
  it.each([
    ["write_access_allowed", { write_access_allowed: { from_request: true } }],
    ["chat_shared", { chat_shared: { request_id: 1, chat_id: -100123 } }],
    ["users_shared", { users_shared: { request_id: 2, users: [{ user_id: 5 }] } }],
  ])("%s: ignored quietly", async (_name, content) => {
    const handled = await app.driver.message(67_001, content);
    expect(handled.error).toBeUndefined();
    expect(handled.texts).toEqual([]);
  });
});

describe("session rows (issue 15)", () => {
  it("none for a group the bot does not serve; a resident's chat keeps one", async () => {
    const stranger = -5_555_001;
    const handled = await app.driver.message(67_010, { text: "/start" }, stranger);
    expect(handled.error).toBeUndefined();
    await app.driver.message(67_010, { text: "привіт усім" }, stranger);
    const rows = app.target.db.prisma.sessionRecord;
    expect(await rows.count({ where: { key: `session:${stranger}` } })).toBe(0);
    await app.driver.text(67_010, "/start");
    expect(await rows.count({ where: { key: "session:67010" } })).toBe(1);
  });
});
