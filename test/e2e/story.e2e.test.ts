/**
 * "A story is a request", through the emulator: a long message about a resident's situation finds the
 * services and offers one tap that sends the message itself as a request, to the main service's
 * department (or the general department when nothing fits). Typed menu labels are the buttons, never a
 * search.
 */
import { describe, expect, it } from "vitest";
import { startInZhytomyr, useAppHarness } from "../helpers/e2e.ts";
import type { STAFF_GROUPS } from "../helpers/staffed-catalog.ts";
import type { TelegramUser } from "../helpers/telegram-user.ts";
import { waitFor } from "../helpers/wait-for.ts";

const app = useAppHarness({ staffed: true, firstUserId: 7100 });
const { prisma, newResident } = app;

async function storyDraftOf(user: TelegramUser): Promise<{ text: string; serviceId?: string; at: number } | undefined> {
  const session = await prisma().sessionRecord.findUnique({ where: { key: `session:${user.userId}` } });
  return (session?.value as { storyDraft?: { text: string; serviceId?: string; at: number } } | null)?.storyDraft;
}

const STORY =
  "Добрий день, вибачте що турбую. Мені 79 років, живу одна на Хлібній, після інсульту погано ходжу, " +
  "до магазину вже не дійду. Чи міг би хтось приносити продукти і ліки та трохи прибирати?";

describe("a story is a request", () => {
  it("a long story finds the service, and one tap sends the story as a request to that service's department", async () => {
    const user = newResident("Віра");
    await startInZhytomyr(user);

    const answer = await user.send(STORY);
    const card = answer.at(-1)!;
    expect(card.text).toContain(`<b>${app.harness.app.catalog.services.get("home-care")!.name.uk}</b>`);
    expect(user.buttons(card)).toContain("📨 Надіслати моє повідомлення як звернення");
    expect(await storyDraftOf(user)).toMatchObject({ text: STORY, serviceId: "home-care" });

    await user.press("📨 Надіслати моє повідомлення як звернення");
    expect(user.last().text).toContain("Ви погоджуєтеся на обробку цих даних?");
    await user.press("✅ Погоджуюсь");
    // The story already says what is needed: no «як Вам зручніше», no address, no description.
    await user.press("Для мене");
    await user.send("Віра Андріївна");
    // Help at home comes to the person: the address is asked (the story names only the street).
    await user.send("+38 (067) 111-22-33");
    expect(user.last().text).toContain("Адреса або район");
    await user.send("вул. Хлібна, 12");
    expect(user.last().text).toContain("Що потрібно: Добрий день, вибачте що турбую.");
    expect((await user.press("✅ Надіслати")).map((m) => m.text).join("\n")).toMatch(/№ ЖТ-\d{4}-\d{5}/);

    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    const department = app.harness.app.catalog.departmentFor("zhytomyr", "home-care")!;
    expect(saved).toMatchObject({ serviceId: "home-care", departmentKey: `zhytomyr/${department.id}`, details: STORY });
    expect(await storyDraftOf(user)).toBeUndefined();
    // The department's group gets the card with the story as the request's text.
    const staff = app.staffIn(department.id as keyof typeof STAFF_GROUPS);
    const staffCard = await waitFor("the card in the department's group", () => staff.messages().find((m) => m.text.includes(saved.number)), 20_000);
    expect(staffCard.text).toContain("після інсульту погано ходжу");
  });

  it("a story that asks for a call starts a call-back request, the story kept for staff (session 14's trial: a written one)", async () => {
    const user = newResident("Ганна");
    await startInZhytomyr(user);
    const story = "я погано бачу і мені важко писати, передзвоніть мені будь ласка, треба допомога з дровами на зиму";
    await user.send(story);
    await user.press("📨 Надіслати моє повідомлення як звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("Для мене");
    await user.send("Ганна Петрівна");
    await user.send("067 111 22 33");
    expect(user.last().text).toContain("Коли Вам зручно прийняти дзвінок?");
    const summary = (await user.press("Увечері (17–20)")).map((m) => m.text).join("\n");
    expect(summary).toContain("Увечері");
    expect(summary).toContain("треба допомога з дровами");
    await user.press("✅ Надіслати");
    const saved = await prisma().helpRequest.findFirstOrThrow({ where: { residentId: BigInt(user.userId) } });
    expect(saved).toMatchObject({ callBack: true, phone: "+380671112233" });
    expect(saved.details).toContain("треба допомога з дровами");
  });

  it("a story that asks not to be called is no call-back request, whatever else it says (the review)", async () => {
    const user = newResident("Марія");
    await startInZhytomyr(user);
    await user.send("я глуха, мені важко писати і дзвонити не треба, потрібна субсидія на дрова на зиму");
    await user.press("📨 Надіслати моє повідомлення як звернення");
    await user.press("✅ Погоджуюсь");
    await user.press("Для мене");
    await user.send("Марія Іванівна");
    const next = (await user.send("0671234567")).map((m) => m.text).join("\n");
    expect(next).not.toContain("Коли Вам зручно прийняти дзвінок?");
    const saved = await user.send("вул. Хлібна, 12");
    expect(saved.map((m) => m.text).join("\n")).toContain("Що потрібно: я глуха");
  });

  it("a long message that fits no service goes, with one tap, to the general department", async () => {
    const user = newResident("Іван");
    await startInZhytomyr(user);
    const story =
      "Добрий день, пишу вже втретє. Сусід зверху постійно свердлить по вечорах, а управитель будинку " +
      "не бере трубку. Скажіть, будь ласка, що мені робити далі?";
    const answer = (await user.send(story)).at(-1)!;
    expect(answer.text).toContain("Окремої послуги саме для цього я не знайшов");
    expect(user.buttons(answer)).toEqual(["📨 Надіслати моє повідомлення як звернення"]);
    const draft = await storyDraftOf(user);
    expect(draft?.text).toBe(story);
    expect(draft).not.toHaveProperty("serviceId");

    await user.press("📨 Надіслати моє повідомлення як звернення");
    expect(user.last().text).toContain("Ви погоджуєтеся на обробку цих даних?");
  });

  it("«так» typed after a story's card is its «📨»; without a story «так» is answered, not searched", async () => {
    const user = newResident("Марія");
    await startInZhytomyr(user);
    const lone = (await user.send("так")).at(-1)!;
    expect(lone.text).toContain("Напишіть, будь ласка, яка допомога потрібна");
    await user.send(STORY);
    await user.send("Так, давайте");
    expect(user.last().text).toContain("Ви погоджуєтеся на обробку цих даних?");
    await user.press("✅ Погоджуюсь");
    await user.press("Для мене");
    await user.send("Марія");
    await user.send("+38 (067) 111-22-44");
    await user.send("вул. Хлібна, 14");
    expect(user.last().text).toContain("Що потрібно: Добрий день, вибачте що турбую.");
  });

  it("a short search is no story: no story tap, and an older story is forgotten", async () => {
    const user = newResident("Олег");
    await startInZhytomyr(user);
    await user.send(STORY);
    expect(await storyDraftOf(user)).toBeDefined();
    const card = (await user.send("соціальне таксі")).at(-1)!;
    expect(user.buttons(card)).toContain("✉️ Надіслати звернення");
    expect(user.buttons(card)).not.toContain("📨 Надіслати моє повідомлення як звернення");
    expect(await storyDraftOf(user)).toBeUndefined();
  });

  it("/delete_me erases a kept story with the session", async () => {
    const user = newResident("Зіна");
    await startInZhytomyr(user);
    await user.send(STORY);
    expect(await storyDraftOf(user)).toBeDefined();
    await user.send("/delete_me");
    expect(await storyDraftOf(user)).toBeDefined(); // nothing is erased before the confirmation
    await user.pressData("pv1:del:yes", user.last().messageId);
    expect(await storyDraftOf(user)).toBeUndefined();
  });

  it("a menu label typed as text does what the button does and is never searched", async () => {
    const user = newResident("Люба");
    await startInZhytomyr(user);
    const answer = await user.send("мої звернення");
    const text = answer.map((m) => m.text).join("\n");
    expect(text).not.toContain(app.harness.app.catalog.services.get("accessibility-request")!.name.uk);
    const viaButton = await user.send("📋 Мої звернення");
    expect(answer.map((m) => m.text)).toEqual(viaButton.map((m) => m.text));
  });
});
