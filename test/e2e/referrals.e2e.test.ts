import { describe, expect, it } from "vitest";
import { TOKEN } from "../helpers/app-harness.ts";
import { submitRequest, useAppHarness } from "../helpers/e2e.ts";
import { PARTNER_GROUPS, PARTNER_STAFF, partnerCatalogDir, type TestPartner } from "../helpers/partner-catalog.ts";
import { TelegramUser, type BotMessage } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

/**
 * Issue 21 through the Bot API emulator, with a department's group (benefits and aid) and two
 * partners' groups (Caritas-Zhytomyr, the Ukrainian Charity Fund): refer → consent → accept → done →
 * «Чи допомогли Вам?»; refer → «ні»; a partner pressing on another partner's referral; and what each
 * partner's group holds, searched message by message.
 */

const app = useAppHarness({ env: { CATALOG_DIR: partnerCatalogDir() }, firstUserId: 9100 });
const { prisma, newResident } = app;
const CARITAS_NAME = "БО «Благодійний фонд „Карітас-Житомир“»";
const FUND_NAME = "БО «Український фонд благодійництва» (проєкт «Банк добра»)";

const department = () => app.staffIn("benefits-and-aid");
const partnerGroup = (partner: TestPartner, userId: number = PARTNER_STAFF[partner], name = "Ірина") => new TelegramUser(app.harness.emulator, TOKEN, userId, name, PARTNER_GROUPS[partner]);

const askForInKindAid = (resident: TelegramUser, phone: string, details: string) => submitRequest(prisma(), resident, { search: "натуральна допомога", phone, details });

const cardOf = (staff: TelegramUser, number: string): BotMessage | undefined =>
  staff.messages().find((message) => message.text.includes(`№ ${number}</b>`) && message.text.includes("Стан:"));
const referralCardOf = (partner: TelegramUser, number: string): BotMessage | undefined =>
  partner.messages().find((message) => message.text.includes(`Направлення № ${number}`));

async function refer(number: string, partnerLabel: string): Promise<void> {
  const staff = department();
  await waitFor("the card", () => cardOf(staff, number)?.reply_markup?.inline_keyboard?.flat().some((b) => b.text === "🤝 Направити партнеру"));
  const card = cardOf(staff, number)!;
  const data = card.reply_markup!.inline_keyboard!.flat().find((b) => b.text === "🤝 Направити партнеру")!.callback_data!;
  await staff.pressData(data, card.messageId);
  const chooser = await waitFor("the partners to choose from", () => staff.messages().find((m) => m.text.includes(`Кому направити звернення № ${number}`)));
  expect(staff.buttons(chooser)).toEqual([CARITAS_NAME, FUND_NAME, "✖️ Скасувати"]);
  await staff.press(partnerLabel);
}

describe("referrals to partners through the emulator", () => {
  it("refer → consent → accept → done → 👍; other partners and non-staff are refused; each step shows", async () => {
    const resident = newResident("Ганна");
    const { number, id } = await askForInKindAid(resident, "0671112233", "Потрібен зимовий одяг на зріст 170, <b>терміново</b>");
    const staff = department();
    await waitFor("the card", () => cardOf(staff, number));
    // The department's own thread: a question and the resident's answer, which no partner may see.
    await staff.press("❓ Запитати");
    await staff.replyTo(staff.last().messageId, "Який розмір взуття Вам потрібен?");
    await waitFor("the question at the resident's", () => resident.messages().some((m) => m.text.includes("Який розмір взуття")));
    await resident.send("Сорок другий, і в мене цукровий діабет");
    await waitFor("the answer in the group", () => staff.messages().some((m) => m.text.includes("цукровий діабет")));

    await refer(number, CARITAS_NAME);
    const question = await waitFor("the consent question", () => resident.messages().find((m) => m.text.includes("Чи згодні Ви")));
    expect(question.text).toContain(`№ ${number}`);
    expect(question.text).toContain("Карітас-Житомир");
    expect(question.text).toContain("Ваше ім'я, телефон і те, що Вам потрібно");
    await waitFor("the card to say the resident is asked", () => cardOf(staff, number)?.text.includes("чекаємо згоди мешканця"));
    const caritas = partnerGroup("zt-caritas");
    // Nothing reaches the partner before «так».
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(caritas.messages().some((m) => m.text.includes(number))).toBe(false);

    await resident.press("✅ Так, згоден(на)");
    await waitFor("thanks to the resident", () => resident.messages().some((m) => m.text.includes("Дякуємо! Ваше ім'я, телефон і що потрібно передали")));
    const card = await waitFor("the referral card in Caritas' group", () => referralCardOf(caritas, number));
    expect(card.text).toContain("Ганна");
    expect(card.text).toContain("+380 67 111 22 33");
    expect(card.text).toContain("зимовий одяг");
    expect(card.text).toContain("&lt;b&gt;терміново&lt;/b&gt;");
    expect(card.text).toContain("Виплати, субсидії та допомога");
    expect(caritas.buttons(card)).toEqual(["✅ Прийняти", "⛔ Відмовити"]);
    await waitFor("the department told", () => staff.messages().some((m) => m.text.includes(`направлення № ${number} надіслано`)));

    // Another partner, forging the button in its own group, and a non-staff member of Caritas' group: refused.
    const referral = await prisma().referral.findFirstOrThrow({ where: { requestId: id } });
    const fund = partnerGroup("zt-ukrainian-charity-fund");
    await fund.pressData(`rf1:a:${referral.id}:s`);
    const fundInCaritas = new TelegramUser(app.harness.emulator, TOKEN, PARTNER_STAFF["zt-ukrainian-charity-fund"], "Петро", PARTNER_GROUPS["zt-caritas"]);
    await fundInCaritas.pressData(`rf1:a:${referral.id}:s`, card.messageId);
    // A department's card button pressed in a partner's group is another department's request to it.
    await fund.pressData(`st1:take:${id}:p`);
    expect((await prisma().referral.findUniqueOrThrow({ where: { id: referral.id } })).status).toBe("sent");
    const refusals = await prisma().requestEvent.count({ where: { requestId: id, type: "referral-accepted" } });
    expect(refusals).toBe(0);
    expect(fund.messages().some((m) => m.text.includes(number))).toBe(false);

    await caritas.press("✅ Прийняти");
    await waitFor("the resident told it was accepted", () => resident.messages().some((m) => m.text.includes("прийняли Ваше звернення")));
    await waitFor("the department's card shows it", () => cardOf(staff, number)?.text.includes("партнер прийняв"));
    await waitFor("the partner's buttons change", () => caritas.buttons(referralCardOf(caritas, number)).includes("✔️ Допомогу надано"));
    await caritas.press("✔️ Допомогу надано");
    const done = await waitFor("«Чи допомогли Вам?»", () => resident.messages().find((m) => m.text.includes("допомогу за зверненням") && m.text.includes("Чи допомогли Вам?")));
    expect(resident.buttons(done)).toEqual(["👍 Так", "👎 Ні", "🔁 Проблему не вирішено"]);
    await resident.press("👍 Так");
    await waitFor("the 👍 on the department's card", () => cardOf(staff, number)?.text.includes("Оцінка мешканця: 👍") && cardOf(staff, number)!.text.includes("партнер надав допомогу"));
    const request = await prisma().helpRequest.findUniqueOrThrow({ where: { id } });
    expect([request.status, request.outcome, request.feedback]).toEqual(["resolved", "referred", "up"]);
    expect(referralCardOf(caritas, number)!.text).toContain("допомогу надано");

    // «Мої звернення» shows the step; /stats in both groups counts it.
    await resident.pressData(`my1:o:${id}`);
    await waitFor("the referral under «Мої звернення»", () => resident.messages().some((m) => m.text.includes("🤝") && m.text.includes("Карітас-Житомир") && m.text.includes("допомогу надано")));
    await staff.send("/stats");
    await waitFor("/stats with referrals by partner", () => staff.messages().some((m) => m.text.includes("Направлення партнерам за 30 днів") && m.text.includes("допомогу надано 1")));
    await caritas.send("/stats");
    await waitFor("the partner's own /stats", () => caritas.messages().some((m) => m.text.includes("Ваші направлення за 30 днів: 1")));
    // A department's commands are refused in a partner's group.
    for (const command of ["/export", "/find Ганна", "/overdue", "/note секрет"]) {
      const before = caritas.messages().length;
      await caritas.send(command);
      await waitFor(`${command} refused`, () => caritas.messages().slice(before).some((m) => m.text.includes("доступні лише направлення")));
    }
    const audit = await prisma().requestEvent.findMany({ where: { requestId: id, type: { startsWith: "referral" } }, orderBy: { id: "asc" } });
    expect(audit.map((event) => event.type)).toEqual(["referral-asked", "referral-sent", "referral-accepted", "referral-done"]);
  });

  it("refer → a typed «ні»: nothing reaches the partner, the department is told; the groups hold nothing else", async () => {
    const resident = newResident("Степан");
    const { number, id } = await askForInKindAid(resident, "0504445566", "Потрібні ковдра і подушка, вул. Шевченка 7");
    await refer(number, FUND_NAME);
    await waitFor("the consent question", () => resident.messages().some((m) => m.text.includes("Чи згодні Ви") && m.text.includes(number)));
    await resident.send("ні, не треба");
    await waitFor("the resident hears nothing is passed on", () => resident.messages().some((m) => m.text.includes("нічого не передаємо")));
    const staff = department();
    await waitFor("the department told", () => staff.messages().some((m) => m.text.includes("не погодився") && m.text.includes(`№ ${number}`)));
    await waitFor("the card shows it", () => cardOf(staff, number)?.text.includes("мешканець не погодився"));
    expect((await prisma().helpRequest.findUniqueOrThrow({ where: { id } })).status).toBe("in_progress");

    // The outside check: every message the emulator holds for each partner's group.
    const fund = partnerGroup("zt-ukrainian-charity-fund");
    const caritas = partnerGroup("zt-caritas");
    const fundHolds = fund.messages().map((m) => m.text).join("\n");
    for (const secret of [number, "Степан", "504445566", "ковдра", "Шевченка", "Ганна", "671112233", "зимовий", "діабет", "Який розмір"]) expect(fundHolds).not.toContain(secret);
    const caritasHolds = caritas.messages().map((m) => m.text).join("\n");
    // Caritas holds its own referral (the first test's resident) and nothing of the department's thread or of Степан.
    for (const secret of [number, "Степан", "504445566", "ковдра", "Шевченка", "діабет", "Сорок другий", "Який розмір"]) expect(caritasHolds).not.toContain(secret);
    expect(caritasHolds).toContain("зимовий одяг");
  });

  it("/delete_me reaches the referral card in the partner's group", async () => {
    const resident = newResident("Марта");
    const { number } = await askForInKindAid(resident, "0937778899", "Потрібні речі для немовляти");
    await refer(number, CARITAS_NAME);
    await waitFor("the consent question", () => resident.messages().some((m) => m.text.includes("Чи згодні Ви") && m.text.includes(number)));
    await resident.send("так, згодна");
    const caritas = partnerGroup("zt-caritas");
    await waitFor("the card", () => referralCardOf(caritas, number)?.text.includes("немовляти"));
    await resident.send("/delete_me");
    await resident.press("Так, видалити");
    const hers = /Марта|937778899|93 777 88 99|немовляти/;
    await waitFor("the card redrawn without her data", () => !caritas.messages().some((m) => hers.test(m.text)), 30_000);
    expect(referralCardOf(caritas, number)!.text).toContain("Дані мешканця видалено");
    expect(caritas.buttons(referralCardOf(caritas, number))).toEqual([]);
  });
});
