import { describe, expect, it, vi } from "vitest";
import { STAFF_GROUPS, STAFF_USER, t, useDrivenApp } from "./driver.ts";

/**
 * Text that looks like nothing, or reorders what staff read (the usability and security review):
 * 1. an answer made only of invisible characters used to be taken as a name, an address, a message;
 * 2. bidirectional controls a resident typed reached the staff card as typed, so a name could show
 *    a phone number reversed ("Оля\u202E76 543 21").
 * Through the whole bot: the dialogue, the follow-up message, the outbox that renders the cards.
 */

const app = useDrivenApp();
let nextResident = 83_000;
const prisma = () => app.target.db.prisma;
const GROUP = STAFF_GROUPS["older-and-disabled"]!;

const RLO = "\u202E";
const LRO = "\u202D";
const PDF = "\u202C";
const RLI = "\u2067";
const PDI = "\u2069";
const RLM = "\u200F";
/** What must never reach a card or a relayed message: bidi controls and the other invisible format characters dropped. */
const DISPLAY_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u206A-\u206F\uFFF9-\uFFFB\u200B\u2060-\u2064\uFEFF\u00AD]/u;

/** Answers that look like nothing: zero-width characters, fillers, blanks, marks alone, exotic spaces. */
const INVISIBLE = [
  "\u200B",
  "\u200C\u200D",
  "\u2060\uFEFF",
  "\u00AD",
  "\u3164",
  "\u115F\u1160",
  "\u2800\u2800\u2800",
  "\u0301\u0308",
  "\u3000\u200B\u3000",
  `${RLO}${LRO}${PDF}`,
];


type Step = "subjectName" | "relation" | "contactName" | "address" | "details";

/** Starts a resident's request dialogue and answers up to the step named (for another person when it asks their name). */
async function dialogueUpTo(step: Step, resident = nextResident++, firstName?: string): Promise<number> {
  await app.driver.text(resident, "/start");
  await app.driver.pressButton(resident, /^cm1:zhytomyr$/);
  await app.driver.message(resident, { text: t("menu-request") }, resident, firstName);
  await app.driver.press(resident, "d1:consent:v:yes");
  await app.driver.press(resident, "d1:mode:v:write");
  const forOther = step === "subjectName" || step === "relation";
  await app.driver.press(resident, forOther ? "d1:forWhom:v:other" : "d1:forWhom:v:me");
  if (step === "subjectName") return resident;
  if (forOther) {
    await app.driver.text(resident, "Марія Петрівна");
    return resident;
  }
  if (step === "contactName") return resident;
  await app.driver.text(resident, "Ганна");
  await app.driver.text(resident, "067 123 45 67");
  if (step === "address") return resident;
  await app.driver.press(resident, "d1:address:skip");
  return resident;
}

/** The card of a request in its department's group, as staff see it (the HTML sent). */
function cardOf(requestId: number): string {
  const data = new RegExp(`^st1:(take|rep):${requestId}:`);
  for (const group of Object.values(STAFF_GROUPS)) {
    const found = (() => {
      try {
        return app.driver.button(group, data).message.text;
      } catch {
        return undefined;
      }
    })();
    if (found !== undefined) return found;
  }
  throw new Error(`no card for request ${requestId}`);
}

describe("an answer with nothing visible in it is refused, with the step's own gentle message", () => {
  it.each([
    ["subjectName", "req-invalid-answer", "req-subject-name", "req-subject-relation"],
    ["relation", "req-invalid-answer", "req-subject-relation", "req-contact-name"],
    ["contactName", "req-invalid-answer", "req-contact-name", "req-phone"],
    ["address", "req-invalid-answer", "req-address", "req-details"],
    ["details", "req-invalid-details", "req-details", "req-summary-title"],
  ] as const)("%s", async (step, notice, question, next) => {
    const resident = await dialogueUpTo(step);
    for (const invisible of INVISIBLE) {
      const refused = await app.driver.text(resident, invisible);
      expect(refused.error, JSON.stringify(invisible)).toBeUndefined();
      expect(refused.texts, JSON.stringify(invisible)).toEqual([`${t(notice)}\n\n${t(question)}`]);
    }
    // Visible letters among invisible ones are an answer, and the dialogue moves on.
    const accepted = await app.driver.text(resident, "\u200BОлʼга-Марія\u200B");
    expect(accepted.texts.join("\n")).toContain(t(next).split("\n")[0]!.replace(/<[^>]+>/g, ""));
  });

  it("a photo with an invisible caption is the photo alone", async () => {
    const resident = await dialogueUpTo("details");
    const handled = await app.driver.message(resident, { photo: [{ file_id: "blank-caption", file_unique_id: "bc", width: 1, height: 1 }], caption: "\u3164\u200B" });
    expect(handled.texts.join("\n")).toContain(t("req-summary-photo"));
    await app.driver.press(resident, "d1:summary:v:send");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(resident) } });
    expect(saved.details).toBeNull();
    expect(saved.attachments).toMatchObject([{ kind: "photo", fileId: "blank-caption" }]);
  });

  it("an invisible Telegram name (a Hangul filler) is not offered as a one-tap answer; a visible one is", async () => {
    const invisible = await dialogueUpTo("contactName", nextResident++, "\u3164");
    expect(() => app.driver.button(invisible, /^d1:contactName:v:telegram$/)).toThrow();
    const visible = await dialogueUpTo("contactName", nextResident++, "Оля");
    expect(app.driver.button(visible, /^d1:contactName:v:telegram$/).data).toBe("d1:contactName:v:telegram");
  });

  it("a follow-up message with nothing visible is refused, and the resident can still write", async () => {
    const resident = nextResident++;
    const id = await app.driver.sendRequest(resident, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    await app.driver.press(resident, `my1:w:${id}`);
    for (const invisible of INVISIBLE) {
      const refused = await app.driver.text(resident, invisible);
      expect(refused.texts, JSON.stringify(invisible)).toEqual([t("req-invalid-details")]);
    }
    expect(await prisma().requestEvent.count({ where: { requestId: id, type: "message" } })).toBe(0);
    const sent = await app.driver.text(resident, "Машина потрібна в четвер");
    expect(sent.texts.join("\n")).toContain(t("my-message-sent"));
  });

  it("a staff reply with nothing visible reaches no resident, and staff are answered", async () => {
    const id = await app.driver.sendRequest(nextResident++, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    const card = app.driver.button(GROUP, new RegExp(`^st1:take:${id}:`)).message.messageId;
    const handled = await app.driver.reply(GROUP, STAFF_USER, card, { text: "\u2800\u200B" });
    expect(handled.texts).toHaveLength(1);
    expect(await prisma().requestEvent.count({ where: { requestId: id, actorKind: "staff" } })).toBe(0);
  });
});

describe("bidirectional controls never reach staff: stored as typed, shown as typed in order", () => {
  it("a name that would show a phone reversed, an address, details: the card shows them in the order typed", async () => {
    const resident = nextResident++;
    const typed = {
      // (A name with digits is asked again since the name question refuses numbers: letters only here.)
      name: `Оля${RLO}Петрівна`,
      address: `${RLI}вул. Київська${PDI}, 5${LRO}, кв. 12${PDF}`,
      details: `Потрібне соціальне таксі ${RLO}до лікарні 👨‍👩‍👧 محمد שרה`,
    };
    const id = await app.driver.sendRequest(resident, { ...typed, phone: "067 123 45 67" });
    // The record keeps exactly what the resident sent (the audit trail).
    const saved = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
    expect(saved).toMatchObject({ contactName: typed.name, address: typed.address, details: typed.details });
    // The card shows the same characters, in the order typed, with nothing that reorders them.
    const card = cardOf(id);
    expect(card).not.toMatch(DISPLAY_CONTROLS);
    expect(card).toContain(t("staff-card-contact", { name: "ОляПетрівна" }));
    expect(card).toContain(t("staff-card-address", { address: "вул. Київська, 5, кв. 12" }));
    expect(card).toContain("до лікарні 👨‍👩‍👧 محمد שרה");
    expect(app.target.violations).toEqual([]);
  });

  it("the person helped: an Arabic name with marks still shows, a relation typed with an override does not reorder", async () => {
    const resident = nextResident++;
    await dialogueUpTo("subjectName", resident);
    // dialogueUpTo answered nothing yet for the other person: their name, then the relation by hand.
    await app.driver.text(resident, `${RLM}محمد عبد الله${RLM}`);
    await app.driver.text(resident, `${RLO}сусід`);
    await app.driver.text(resident, "Ганна");
    await app.driver.text(resident, "067 123 45 67");
    await app.driver.press(resident, "d1:address:skip");
    await app.driver.text(resident, "Потрібне соціальне таксі");
    await app.driver.press(resident, "d1:summary:v:send");
    await app.target.deliverOutbox();
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(resident) } });
    expect(saved.subjectName).toBe(`${RLM}محمد عبد الله${RLM}`);
    const card = cardOf(saved.id);
    expect(card).not.toMatch(DISPLAY_CONTROLS);
    expect(card).toContain("محمد عبد الله (сусід)");
  });

  it("a line break in a name or an address cannot add a line that looks like the card's own phone line", async () => {
    const fake = t("staff-card-phone", { phone: "+380 99 000 00 00" });
    // At the name question a number is read as the phone (and a name typed with it as the name): the
    // fake line is no name.
    const resident = nextResident++;
    await dialogueUpTo("contactName", resident);
    const read = await app.driver.text(resident, `Оля\n${fake}`);
    expect(read.texts.join("\n")).toContain("📞 +380 99 000 00 00 ✓");
    const saved = await app.driver.text(resident, "вул. Київська, 5");
    expect(saved.texts.join("\n")).not.toContain(fake);
    // An address may hold digits: its line break is flattened, the card keeps one phone line.
    const id = await app.driver.sendRequest(nextResident++, { name: "Оля", address: `вул. Київська, 5\n${fake}`, phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    const lines = cardOf(id).split("\n");
    expect(lines.filter((line) => line.startsWith(t("staff-card-phone", { phone: "" })))).toHaveLength(1);
    expect(lines.some((line) => line.startsWith(fake))).toBe(false);
  });

  it("a follow-up message is relayed without its controls, and stored as typed", async () => {
    const resident = nextResident++;
    const id = await app.driver.sendRequest(resident, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    await app.driver.press(resident, `my1:w:${id}`);
    const typed = `Мій новий номер ${RLO}76 543 21 099\u200B`;
    await app.driver.text(resident, typed);
    await app.target.deliverOutbox();
    const event = await prisma().requestEvent.findFirstOrThrow({ where: { requestId: id, type: "message" } });
    expect(event.note).toBe(typed);
    const relayed = app.target.telegram.chatMessages(GROUP).at(-1)!.text;
    expect(relayed).not.toMatch(DISPLAY_CONTROLS);
    expect(relayed).toContain("Мій новий номер 76 543 21 099");
  });

  it("a staff member's name and reply: the card and the resident's message without controls", async () => {
    const resident = nextResident++;
    const id = await app.driver.sendRequest(resident, { name: "Ганна", phone: "067 123 45 67", details: "Потрібне соціальне таксі" });
    const card = app.driver.button(GROUP, new RegExp(`^st1:take:${id}:`)).message;
    await app.driver.press(STAFF_USER, `st1:take:${id}:n`, GROUP, card.messageId, `${RLO}анаскО`);
    await app.target.deliverOutbox();
    const taken = cardOf(id);
    expect(taken).not.toMatch(DISPLAY_CONTROLS);
    expect(taken).toContain(t("staff-card-taken", { name: "анаскО" }));
    // The answer goes through the outbox, which holds a resident's notes while the request's
    // acknowledgement may still be on its way (relay.ts): a minute later it goes out.
    vi.setSystemTime(Date.now() + 61_000);
    await app.driver.reply(GROUP, STAFF_USER, card.messageId, { text: `Машина буде о ${RLO}21:01` });
    await app.target.deliverOutbox();
    // (The news offer, due a minute after the request, may follow it in the same round.)
    const told = app.target.telegram.chatMessages(resident).map((message) => message.text).find((text) => text.includes("Машина буде")) ?? "";
    expect(told).not.toMatch(DISPLAY_CONTROLS);
    expect(told).toContain("Машина буде о 21:01");
  });
});
