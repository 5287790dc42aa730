import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { FreshnessService, formatDay } from "../../src/catalog/freshness.ts";
import { InProcessApp } from "../fuzz/in-process.ts";
import { staffedCatalogDir, STAFF_GROUPS, STAFF_USER } from "../helpers/staffed-catalog.ts";
import { Driver, t } from "../security/driver.ts";

/**
 * Residents see how fresh a card's details are and can report a mistake; a provider's contact chat is
 * asked whether its details are still right; /stale lists what nobody confirmed (issue 17). In process,
 * through the real bot and database, with the bundled Zhytomyr catalogue.
 */

const RESIDENT = 71_001;
const CONTACT_CHAT = -2_001; // the territorial centre's own group
const CONTACT_PERSON = 71_500;
const OTHER_GROUP = -2_999;
const PROVIDER = "zhytomyr/zt-territorial-centre";
const DAYS = 30;

let target: InProcessApp;
let driver: Driver;
let freshness: FreshnessService;
let catalogDir: string;

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
  // The staffed catalogue, with a contact chat for the territorial centre.
  catalogDir = staffedCatalogDir();
  const file = path.join(catalogDir, "zhytomyr.yaml");
  const document = parseDocument(readFileSync(file, "utf8"));
  const providers = document.get("providers") as { items: Array<{ get(key: string): unknown; set(key: string, value: unknown): void }> };
  providers.items.find((provider) => provider.get("id") === "zt-territorial-centre")!.set("contactChatId", CONTACT_CHAT);
  writeFileSync(file, document.toString());
  target = await InProcessApp.start({ CATALOG_DIR: catalogDir, FRESHNESS_DAYS: String(DAYS) });
  driver = new Driver(target);
  freshness = new FreshnessService(target.db.prisma, target.app.catalog, DAYS);
  await driver.text(RESIDENT, "/start");
  await driver.pressButton(RESIDENT, /^cm1:zhytomyr$/);
});
beforeEach(() => {
  vi.setSystemTime(Date.now() + 60_000);
});
afterAll(async () => {
  vi.useRealTimers();
  await target.stop();
  rmSync(catalogDir, { recursive: true, force: true });
});

const lastText = (chatId: number) => target.telegram.chatMessages(chatId).at(-1)?.text ?? "";

describe("the service card", () => {
  it("says where each provider's details come from and how old they are, and offers «✏️ Тут помилка?»", async () => {
    const handled = await driver.press(RESIDENT, "f1:s:me:o:social-taxi");
    const card = handled.texts.join("\n");
    expect(card).toContain(t("card-source", { host: "ruporzt.com.ua", date: "04.12.2024" }));
    expect(card).toContain("(0412) 41-41-36");
    expect(card).not.toContain(t("card-unverified"));
    expect(driver.button(RESIDENT, /^fx1:e:social-taxi$/).data).toBe("fx1:e:social-taxi");
  });
});

describe("«✏️ Тут помилка?»", () => {
  it("takes the resident's short text to the service's department as an escaped correction note, and logs no text", async () => {
    const asked = await driver.pressButton(RESIDENT, /^fx1:e:social-taxi$/);
    expect(asked.texts).toContain(t("correction-ask", { max: 500 }));
    const secret = "Номер <b>змінився</b> на 067 000 11 22";
    const thanked = await driver.text(RESIDENT, secret);
    expect(thanked.texts).toEqual([t("correction-thanks")]);

    const queued = await target.db.prisma.outboxMessage.findMany({ where: { kind: "catalog-correction" } });
    expect(queued).toHaveLength(1);
    expect(queued[0]!.chatId).toBe(BigInt(STAFF_GROUPS["older-and-disabled"]!)); // social-taxi's department
    expect(JSON.stringify(queued[0]!.payload)).not.toContain(String(RESIDENT));

    await target.deliverOutbox();
    const note = lastText(STAFF_GROUPS["older-and-disabled"]!);
    expect(note).toContain("Номер &lt;b&gt;змінився&lt;/b&gt; на 067 000 11 22");
    expect(note).toContain("Соціальне таксі");
    expect(note).not.toContain(String(RESIDENT));
    expect(target.logLines.join("")).not.toContain("змінився");
    expect(target.violations).toEqual([]);
  });

  it("a text after the correction is a search again, not a second note", async () => {
    await driver.text(RESIDENT, "соціальне таксі");
    expect(await target.db.prisma.outboxMessage.count({ where: { kind: "catalog-correction" } })).toBe(1);
  });

  it("a too long text is refused and the resident may try again", async () => {
    await driver.pressButton(RESIDENT, /^fx1:e:/);
    const refused = await driver.text(RESIDENT, "а".repeat(501));
    expect(refused.texts).toEqual([t("correction-too-long", { max: 500 })]);
    await driver.text(RESIDENT, "/cancel");
    await driver.text(RESIDENT, "притулок");
    expect(await target.db.prisma.outboxMessage.count({ where: { kind: "catalog-correction" } })).toBe(1);
  });
});

describe("«✏️ Тут помилка?» under a card that answered a story", () => {
  const WRITER = RESIDENT + 1;
  const story = "Добрий день. Мамі 82 роки, вона після інсульту і погано ходить. Потрібна машина, щоб возити її до лікарні на процедури";

  it("carries the story into the note (the resident is told so), and then still offers to send it as a request", async () => {
    await driver.text(WRITER, "/start");
    await driver.pressButton(WRITER, /^cm1:zhytomyr$/);
    await driver.text(WRITER, story);
    const before = await target.db.prisma.outboxMessage.count({ where: { kind: "catalog-correction" } });
    const asked = await driver.pressButton(WRITER, /^fx1:e:/);
    expect(asked.texts).toContain(t("correction-ask-story", { max: 500 }));
    const thanked = await driver.text(WRITER, "Це не те, нам потрібне соціальне таксі");
    expect(thanked.texts).toEqual([t("correction-thanks-story")]);
    expect(driver.button(WRITER, /^st1:-$/).data).toBe("st1:-");

    const queued = await target.db.prisma.outboxMessage.findMany({ where: { kind: "catalog-correction" }, orderBy: { id: "asc" } });
    expect(queued).toHaveLength(before + 1);
    expect((queued.at(-1)!.payload as { need?: string }).need).toBe(story);
    await target.deliverOutbox();
    const notes = [STAFF_GROUPS["older-and-disabled"]!, ...Object.values(STAFF_GROUPS)].map(lastText).join("\n");
    expect(notes).toContain(t("staff-correction-need", { need: story }));
    expect(target.logLines.join("")).not.toContain("інсульту");
  });
});

describe("«Ці дані досі правильні?»", () => {
  it("is asked once in the provider's contact chat, with its details and [Так] [Змінилося…]", async () => {
    expect(await freshness.queueQuestions(new Date())).toBe(1);
    expect(await freshness.queueQuestions(new Date())).toBe(0); // not twice within FRESHNESS_DAYS
    await target.deliverOutbox();
    const question = lastText(CONTACT_CHAT);
    expect(question).toContain("Ці дані досі правильні?");
    expect(question).toContain("Житомирський міський територіальний центр");
    expect(question).toContain("(0412) 41-41-36");
    expect(driver.button(CONTACT_CHAT, /^fc1:y:/).data).toBe(`fc1:y:${PROVIDER}`);
    expect(driver.button(CONTACT_CHAT, /^fc1:n:/).data).toBe(`fc1:n:${PROVIDER}`);
  });

  it("a forged «так» from another chat changes nothing", async () => {
    const handled = await driver.press(CONTACT_PERSON, `fc1:y:${PROVIDER}`, OTHER_GROUP);
    expect(handled.answer).toBe(t("freshness-not-yours"));
    expect(await target.db.prisma.providerCheck.findUnique({ where: { providerKey: PROVIDER } })).toMatchObject({ lastConfirmed: null });
  });

  it("«так» sets lastConfirmed, and the card then says «Перевірено <date>»", async () => {
    const handled = await driver.pressButton(CONTACT_PERSON, /^fc1:y:/, CONTACT_CHAT);
    const today = formatDay(new Date());
    expect(handled.texts).toContain(t("freshness-thanks", { date: today }));
    const check = await target.db.prisma.providerCheck.findUniqueOrThrow({ where: { providerKey: PROVIDER } });
    expect(check.lastConfirmed?.getTime()).toBeGreaterThan(Date.now() - 120_000);
    const card = (await driver.press(RESIDENT, "f1:s:me:o:social-taxi")).texts.join("\n");
    expect(card).toContain(t("card-confirmed", { date: today }));
  });

  it("is asked again only after FRESHNESS_DAYS without a confirmation", async () => {
    const later = new Date(Date.now() + (DAYS - 1) * 86_400_000);
    expect(await freshness.queueQuestions(later)).toBe(0);
    const due = new Date(Date.now() + (DAYS + 1) * 86_400_000);
    expect(await freshness.queueQuestions(due)).toBe(1);
    await target.db.prisma.outboxMessage.deleteMany({ where: { kind: "provider-check" } });
  });

  it("«Змінилося…» takes the chat's next message to the department as a correction note", async () => {
    const asked = await driver.press(CONTACT_PERSON, `fc1:n:${PROVIDER}`, CONTACT_CHAT);
    expect(asked.texts).toContain(t("freshness-ask-change", { max: 500 }));
    const sent = await driver.reply(CONTACT_CHAT, CONTACT_PERSON, target.telegram.chatMessages(CONTACT_CHAT).at(-1)!.messageId, { text: "Новий телефон соцтаксі: 067 123 45 67" });
    expect(sent.texts).toEqual([t("freshness-change-sent")]);
    const queued = await target.db.prisma.outboxMessage.findMany({ where: { kind: "catalog-correction" }, orderBy: { id: "desc" }, take: 1 });
    expect(queued[0]!.payload).toMatchObject({ origin: "provider", providerKey: PROVIDER });
    await target.deliverOutbox();
    const note = target.telegram.chatMessages(Number(queued[0]!.chatId)).at(-1)!.text;
    expect(note).toContain("Новий телефон соцтаксі: 067 123 45 67");
    expect(note).toContain("Житомирський міський територіальний центр");
  });
});

describe("/stale", () => {
  it("lists the department's providers not confirmed within FRESHNESS_DAYS, and not the confirmed one", async () => {
    const handled = await driver.text(STAFF_USER, "/stale", STAFF_GROUPS["older-and-disabled"]!);
    const list = handled.texts.join("\n");
    expect(list).toContain("Не підтверджено понад 30 дн.");
    expect(list).toContain("zhytomyr/zt-utos"); // offers physical accompaniment: this department's
    expect(list).toContain(t("stale-never"));
    expect(list).not.toContain(PROVIDER);
    expect(list).not.toContain("zhytomyr/zt-caritas"); // answers to other departments only
  });

  it("lists the provider again once its confirmation is older than FRESHNESS_DAYS", async () => {
    vi.setSystemTime(Date.now() + (DAYS + 1) * 86_400_000);
    const list = (await driver.text(STAFF_USER, "/stale", STAFF_GROUPS["older-and-disabled"]!)).texts.join("\n");
    expect(list).toContain(PROVIDER);
    expect(list).toContain(t("stale-since", { date: formatDay((await target.db.prisma.providerCheck.findUniqueOrThrow({ where: { providerKey: PROVIDER } })).lastConfirmed!) }));
  });

  it("in a group that is no department's, says where it works", async () => {
    const handled = await driver.text(STAFF_USER, "/stale", OTHER_GROUP);
    expect(handled.texts).toEqual([t("stale-not-department")]);
  });
});
