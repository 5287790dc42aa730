import { describe, expect, it, vi } from "vitest";
import { t, useDrivenApp, type Driver } from "../security/driver.ts";
import { aMinuteLater, groupOf, groupTexts, staffClose, staffPrompt } from "../helpers/inbox-steps.ts";

/**
 * A resident's typed text after staff wrote to them reaches the request (the tester's «дякую! а можна
 * о 9:30?» after a staff «💬 Відповідь» went to the search and never reached staff).
 */

const app = useDrivenApp();

/** What the resident wrote, as the request's department received it. */
async function messagesOf(driver: Driver, requestId: number): Promise<string[]> {
  const events = await driver.target.db.prisma.requestEvent.findMany({ where: { requestId, type: "message" }, orderBy: { id: "asc" } });
  return events.map((event) => event.note ?? "");
}

const numberOf = async (driver: Driver, id: number) => (await driver.target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).number;

describe("typed text after a staff reply", () => {
  it("goes to the request's thread, the resident told in one line; «Це був пошук» searches and tells staff", async () => {
    const { driver, target } = app;
    const resident = 65_001;
    const id = await driver.sendRequest(resident, { name: "Світлана", phone: "067 123 45 67", details: "мамі треба в лікарню на діаліз у четвер" });
    const number = await numberOf(driver, id);
    const group = await groupOf(driver, id);
    await staffPrompt(driver, group, "rep", id, "Добрий день! Машина буде в четвер о 9:15 біля під'їзду.");
    aMinuteLater();

    // «продовжити» (as «🧹»'s pop-up teaches) is no word for staff (third trial): the menu, nothing passed on.
    const goOn = await driver.text(resident, "продовжити");
    expect(goOn.texts).not.toContain(t("threads-passed", { number }));
    expect(await messagesOf(driver, id)).toEqual([]);

    const thanks = await driver.text(resident, "дякую! а можна трохи пізніше, о 9:30? мама довго збирається <b>&");
    expect(thanks.texts).toEqual([t("threads-passed", { number })]);
    expect(await messagesOf(driver, id)).toEqual(["дякую! а можна трохи пізніше, о 9:30? мама довго збирається <b>&"]);
    await target.deliverOutbox();
    // In the department's group, escaped for Telegram HTML (the fake Telegram keeps what was sent).
    expect(groupTexts(driver).some((text) => text.includes("о 9:30? мама довго збирається &lt;b&gt;&amp;"))).toBe(true);

    const asked = await driver.text(resident, "а де взяти довідку про доходи? я погано бачу, сама не дійду");
    expect(asked.texts).toEqual([t("threads-passed", { number })]);
    expect(await messagesOf(driver, id)).toHaveLength(2);

    // The resident meant a search: it is searched, and staff are told the words were not for them.
    const searched = await driver.pressButton(resident, /^th1:s:\d+$/);
    expect(searched.texts.join("\n")).toContain(t("search-found", { count: 2 }).split(" ")[0]!);
    await target.deliverOutbox();
    expect(groupTexts(driver)).toContain(t("staff-resident-was-search", { number }));

    // Another resident cannot search (or tell staff about) Світлана's words with a forged button.
    const forged = await driver.press(65_099, driver.button(resident, /^th1:s:\d+$/).data);
    expect(forged.answer).toBe(t("button-stale"));
    expect(forged.texts).toEqual([]);

    // A voice message after the staff reply goes to the request too (it used to get «I understand text»).
    const voice = await driver.message(resident, { voice: { file_id: "voice-after-reply", file_unique_id: "v1", duration: 3 } });
    expect(voice.texts).toEqual([t("threads-passed", { number })]);
    expect(await messagesOf(driver, id)).toHaveLength(3);

    // A bare service name is still a search, and reaches nobody.
    const search = await driver.text(resident, "соціальне таксі");
    expect(search.texts.join("\n")).toContain("Соціальне таксі");
    expect(await messagesOf(driver, id)).toHaveLength(3);
    expect(target.violations).toEqual([]);
  });

  it("a follow-up with danger words gets the emergency numbers and still reaches staff", async () => {
    const { driver } = app;
    const resident = 65_002;
    const id = await driver.sendRequest(resident, { name: "Ніна", phone: "067 222 33 44", details: "потрібна допомога вдома" });
    await staffPrompt(driver, await groupOf(driver, id), "rep", id, "Працівниця прийде у вівторок.");
    aMinuteLater();
    const handled = await driver.text(resident, "дякую, але чоловік погрожує мене вбити, мені страшно");
    expect(handled.texts[0]).toContain("112");
    expect(handled.texts).toContain(t("threads-passed", { number: await numberOf(driver, id) }));
    // Her number is on the request: she is offered to stop the calls.
    expect(handled.texts.at(-1)).toBe(t("danger-no-calls-offer"));
    expect(await messagesOf(driver, id)).toEqual(["дякую, але чоловік погрожує мене вбити, мені страшно"]);
  });
});

describe("afterthoughts on an open request nobody answered yet", () => {
  it("«ой забула написати адресу…» asks «Додати це до звернення?»; typed «так» adds it, «ні» searches", async () => {
    const { driver } = app;
    const resident = 65_003;
    const id = await driver.sendRequest(resident, { name: "Віра", phone: "093 111 22 33", details: "потрібна матеріальна допомога на лікування" });
    const number = await numberOf(driver, id);
    aMinuteLater();

    const address = await driver.text(resident, "ой забула написати адресу: вулиця Небесної Сотні 12 квартира 40");
    expect(address.texts).toEqual([t("threads-ask-one", { number })]);
    expect(await messagesOf(driver, id)).toEqual([]);
    const yes = await driver.text(resident, "так");
    expect(yes.texts).toEqual([t("threads-passed", { number })]);
    expect(await messagesOf(driver, id)).toEqual(["ой забула написати адресу: вулиця Небесної Сотні 12 квартира 40"]);

    aMinuteLater();
    const phone = await driver.text(resident, "і ще мій номер домашній 0412 42 42 42");
    expect(phone.texts).toEqual([t("threads-ask-one", { number })]);
    await driver.pressButton(resident, new RegExp(`^my1:a:${id}$`));
    expect(await messagesOf(driver, id)).toHaveLength(2);

    // «ні»: the same words are searched; nothing reaches staff.
    const other = await driver.text(resident, "а де купити ліки дешевше");
    expect(other.texts).toEqual([t("threads-ask-one", { number })]);
    const no = await driver.text(resident, "ні");
    expect(no.texts.join("\n")).not.toContain(t("threads-passed", { number }));
    expect(no.texts.length).toBeGreaterThan(0);
    expect(await messagesOf(driver, id)).toHaveLength(2);
  });
});

describe("after staff closed the request", () => {
  it("«ні, машина так і не приїхала» reaches staff as a message after the close, with «Проблему не вирішено» offered", async () => {
    const { driver, target } = app;
    const resident = 65_004;
    const id = await driver.sendRequest(resident, { name: "Марія", phone: "050 123 45 67", details: "потрібне соціальне таксі в четвер до поліклініки" });
    const number = await numberOf(driver, id);
    await staffClose(driver, await groupOf(driver, id), id);
    aMinuteLater();

    const handled = await driver.text(resident, "ні, машина так і не приїхала");
    expect(handled.texts).toEqual([t("threads-passed-closed", { number })]);
    expect(await messagesOf(driver, id)).toEqual(["ні, машина так і не приїхала"]);
    await target.deliverOutbox();
    expect(groupTexts(driver).some((text) => text.includes(`№ ${number}</b> (закрите)`) && text.includes("ні, машина так і не приїхала"))).toBe(true);
    // The request stays closed until the resident (or staff) reopens it.
    expect((await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("resolved");
    await driver.pressButton(resident, new RegExp(`^rs1:ro:${id}$`));
    expect((await target.db.prisma.helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");
  });

  it("two days later the same words are a search again", async () => {
    const { driver } = app;
    const resident = 65_005;
    const id = await driver.sendRequest(resident, { name: "Ганна", phone: "050 765 43 21", details: "потрібне соціальне таксі до лікарні" });
    await staffClose(driver, await groupOf(driver, id), id);
    vi.setSystemTime(Date.now() + 49 * 3_600_000);
    const handled = await driver.text(resident, "ні, машина так і не приїхала");
    expect(handled.texts.join("\n")).toContain("Соціальне таксі");
    expect(await messagesOf(driver, id)).toEqual([]);
  });
});
