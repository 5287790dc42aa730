import { vi } from "vitest";
import { STAFF_GROUPS, STAFF_USER, type Driver } from "../security/driver.ts";

/** Steps of the staff inbox the in-process tests share (test/inbox/*). */

/** The staff group a request's card went to. */
export async function groupOf(driver: Driver, requestId: number): Promise<number> {
  const request = await driver.target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id: requestId } });
  return STAFF_GROUPS[request.departmentKey.split("/")[1]!]!;
}

/** A staff member answers a card's prompt (question, reply, decline reason) by replying to it. */
export async function staffPrompt(driver: Driver, group: number, action: "ask" | "rep" | "rej", requestId: number, text: string): Promise<void> {
  await driver.target.deliverOutbox(); // the card shows the request's current status
  await driver.pressButton(STAFF_USER, new RegExp(`^st1:${action}:${requestId}:`), group);
  // A decline asks first whether it is advice or a refusal, and is confirmed after its reason (issue 18).
  if (action === "rej") await driver.pressButton(STAFF_USER, new RegExp(`^hd1:dk:${requestId}:refusal$`), group);
  const promptMessage = driver.target.telegram.chatMessages(group).at(-1)!;
  await driver.reply(group, STAFF_USER, promptMessage.messageId, { text });
  if (action === "rej") await driver.pressButton(STAFF_USER, new RegExp(`^hd1:cf:${requestId}$`), group);
  await driver.target.deliverOutbox();
}

/** Staff close a request: «✅ Закрити», an outcome, «Так, закрити» (issue 18). */
export async function staffClose(driver: Driver, group: number, requestId: number, outcome = "helped"): Promise<void> {
  await driver.target.deliverOutbox();
  await driver.pressButton(STAFF_USER, new RegExp(`^st1:cls:${requestId}:`), group);
  await driver.pressButton(STAFF_USER, new RegExp(`^hd1:co:${requestId}:${outcome}$`), group);
  await driver.pressButton(STAFF_USER, new RegExp(`^hd1:cf:${requestId}$`), group);
  await driver.target.deliverOutbox();
}

/** Staff hand a request to another department (with a reason where one is asked). */
export async function staffTransfer(driver: Driver, group: number, requestId: number, reason: string): Promise<void> {
  await driver.target.deliverOutbox();
  await driver.pressButton(STAFF_USER, new RegExp(`^st1:tr:${requestId}:`), group);
  const chooser = driver.button(group, new RegExp(`^st1:to:${requestId}:`));
  const families = (chooser.message.replyMarkup?.inline_keyboard ?? []).flat().find((b) => /сім/i.test(b.text))!;
  await driver.press(STAFF_USER, families.callback_data!, group, chooser.message.messageId);
  const reasonPrompt = driver.target.telegram.chatMessages(group).at(-1)!;
  if (reasonPrompt.replyMarkup?.force_reply) await driver.reply(group, STAFF_USER, reasonPrompt.messageId, { text: reason });
  await driver.target.deliverOutbox();
}

/** A minute passes: a resident's many updates stay under the rate limit. */
export const aMinuteLater = () => vi.setSystemTime(Date.now() + 61_000);

/** Every message the fake Telegram still holds in staff groups. */
export function groupTexts(driver: Driver): string[] {
  return driver.target.telegram
    .allChats()
    .filter((chat) => chat < 0)
    .flatMap((chat) => driver.target.telegram.chatMessages(chat).map((message) => message.text));
}

