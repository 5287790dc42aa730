import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { aMinuteLater, groupOf } from "../helpers/inbox-steps.ts";
import { STAFF_USER, t, useDrivenApp } from "../security/driver.ts";

/** Issue 15: anonymous group admins, and staff editing a reply already relayed. */

const app = useDrivenApp();
const ANONYMOUS_BOT = { id: 1_087_968_824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };
let updateId = 9_100_000;

/** A message an admin sends anonymously (as the group), replying to `replyTo`. */
function anonymousReply(group: number, replyTo: number, text: string) {
  return app.driver.handle({
    update_id: updateId++,
    message: {
      message_id: app.target.telegram.userMessageId(group),
      date: Math.floor(Date.now() / 1000),
      chat: { id: group, type: "supergroup", title: "G" },
      from: ANONYMOUS_BOT,
      sender_chat: { id: group, type: "supergroup", title: "G" },
      text,
      reply_to_message: { message_id: replyTo, date: 0, chat: { id: group, type: "supergroup", title: "G" }, text: "…" },
    },
  } as unknown as Update);
}

async function requestWithPrompt(resident: number) {
  aMinuteLater();
  const id = await app.driver.sendRequest(resident, { name: "Ніна", phone: "063 111 22 33", details: "Потрібна допомога з ліками" });
  const group = await groupOf(app.driver, id);
  await app.driver.pressButton(STAFF_USER, new RegExp(`^st1:rep:${id}:`), group);
  const promptMessage = app.target.telegram.chatMessages(group).at(-1)!;
  return { id, group, promptMessage };
}

describe("anonymous admins", () => {
  it("act where the department lets admins act, named «анонімний адміністратор»", async () => {
    const { id, group, promptMessage } = await requestWithPrompt(68_001);
    const request = await app.target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } });
    const department = app.target.app.inbox.department(request.departmentKey)!;
    department.adminsAreStaff = true;
    try {
      const handled = await anonymousReply(group, promptMessage.messageId, "Ліки привеземо завтра.");
      expect(handled.error).toBeUndefined();
      const after = await app.target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } });
      expect(after.status).toBe("in_progress");
      expect(after.takenByName).toBe(t("staff-anonymous-admin"));
      expect(await app.target.db.prisma.requestEvent.count({ where: { requestId: id, type: "answer" } })).toBe(1);
    } finally {
      department.adminsAreStaff = false;
    }
  });

  it("are refused where only listed staff act", async () => {
    const { id, group, promptMessage } = await requestWithPrompt(68_002);
    const handled = await anonymousReply(group, promptMessage.messageId, "Ліки привеземо завтра.");
    expect(handled.texts.join("\n")).toContain(t("staff-not-allowed"));
    expect(await app.target.db.prisma.requestEvent.count({ where: { requestId: id, type: "answer" } })).toBe(0);
  });
});

describe("a staff member edits a relayed reply", () => {
  it("is told plainly that the edit did not reach the resident", async () => {
    const { id, group, promptMessage } = await requestWithPrompt(68_003);
    const reply = await app.driver.reply(group, STAFF_USER, promptMessage.messageId, { text: "Приїдемо о 10:00" });
    expect(reply.error).toBeUndefined();
    await app.target.deliverOutbox();
    const sentId = (await app.target.db.prisma.outboxMessage.findFirstOrThrow({ where: { requestId: id, kind: "resident-message" } })).payload as { ack: { messageId: number } };
    const number = (await app.target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).number;
    const edited = await app.driver.handle({
      update_id: updateId++,
      edited_message: {
        message_id: sentId.ack.messageId,
        date: Math.floor(Date.now() / 1000),
        edit_date: Math.floor(Date.now() / 1000),
        chat: { id: group, type: "supergroup", title: "G" },
        from: { id: STAFF_USER, is_bot: false, first_name: "Оля" },
        text: "Приїдемо об 11:00",
        reply_to_message: { message_id: promptMessage.messageId, date: 0, chat: { id: group, type: "supergroup", title: "G" }, text: "…" },
      },
    } as unknown as Update);
    expect(edited.error).toBeUndefined();
    expect(edited.texts).toEqual([t("staff-edit-not-relayed", { number })]);
    // An edit of a message that was never relayed (a chat between colleagues) gets nothing.
    const chat = await app.driver.handle({
      update_id: updateId++,
      edited_message: {
        message_id: 4_242,
        date: Math.floor(Date.now() / 1000),
        edit_date: Math.floor(Date.now() / 1000),
        chat: { id: group, type: "supergroup", title: "G" },
        from: { id: STAFF_USER, is_bot: false, first_name: "Оля" },
        text: "Хто сьогодні чергує?",
      },
    } as unknown as Update);
    expect(chat.texts).toEqual([]);
  });
});

describe("a forum topic after its request was transferred", () => {
  it("a staff message in the old topic (no reply) gets «тепер у …», and nothing reaches the resident", async () => {
    aMinuteLater();
    const resident = 68_004;
    const slug = "reception";
    const department = app.target.app.inbox.department(`zhytomyr/${slug}`)!;
    department.forumTopics = true;
    try {
      const id = await app.driver.sendRequest(resident, { name: "Ірина", phone: "063 444 55 66", details: "Потрібна допомога з документами на дитину" });
      const request = await app.target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } });
      expect(request.departmentKey).toBe(`zhytomyr/${slug}`);
      expect(request.topicId).not.toBeNull();
      const group = await groupOf(app.driver, id);
      await app.driver.pressButton(STAFF_USER, new RegExp(`^st1:tr:${id}:`), group);
      const chooser = app.driver.button(group, new RegExp(`^st1:to:${id}:`));
      const benefits = (chooser.message.replyMarkup?.inline_keyboard ?? []).flat().find((b) => /Виплати/.test(b.text))!;
      await app.driver.press(STAFF_USER, benefits.callback_data!, group, chooser.message.messageId);
      const reasonPrompt = app.target.telegram.chatMessages(group).at(-1)!;
      await app.driver.reply(group, STAFF_USER, reasonPrompt.messageId, { text: "Це питання виплат" });
      await app.target.deliverOutbox();
      const before = await app.target.db.prisma.requestEvent.count({ where: { requestId: id } });
      const residentBefore = app.target.telegram.chatMessages(resident).length;
      const inTopic = await app.driver.message(STAFF_USER, { text: "Ми ще зателефонуємо", is_topic_message: true, message_thread_id: request.topicId }, group);
      expect(inTopic.texts.join("\n")).toContain(t("staff-request-moved", { number: request.number, department: "Виплати, субсидії та допомога" }));
      expect(await app.target.db.prisma.requestEvent.count({ where: { requestId: id } })).toBe(before);
      await app.target.deliverOutbox();
      expect(app.target.telegram.chatMessages(resident).length).toBe(residentBefore);
    } finally {
      department.forumTopics = false;
    }
  });
});
