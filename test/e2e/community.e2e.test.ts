import { describe, expect, it } from "vitest";
import { useAppHarness } from "../helpers/e2e.ts";

/** Issue 14, «the community question traps people who type», through the Bot API emulator. */
const { newResident } = useAppHarness({ firstUserId: 7800, residentName: "Тамара" });
const texts = (messages: Array<{ text: string }>) => messages.map((m) => m.text).join("\n");

describe("the community, typed or kept for later", () => {
  it.each([["житомир"], ["Житомир"], ["я с житомира"]])("%j chooses Zhytomyr", async (typed) => {
    const user = newResident();
    await user.send("/start");
    const replies = await user.send(typed);
    expect(texts(replies)).toContain("Громада: <b>Житомир</b>");
    expect(texts(replies)).not.toContain("Оберіть, будь ласка, Вашу громаду");
  });

  it("«Vinnytsia» chooses Vinnytsia", async () => {
    const user = newResident();
    await user.send("/start");
    expect(texts(await user.send("Vinnytsia"))).toContain("Громада: <b>Вінниця</b>");
  });

  it("a first message with a need is kept and answered right after the community is chosen", async () => {
    const user = newResident();
    const asked = await user.send("потрібне соціальне таксі для мами");
    expect(texts(asked)).toContain("Я відповім на Ваше повідомлення");
    const answered = await user.press("Житомир");
    expect(texts(answered)).toContain("<b>Соціальне таксі</b>");
  });

  it("a need said with the town is answered at once", async () => {
    const user = newResident();
    const answered = await user.send("я з Житомира, потрібне соціальне таксі");
    expect(texts(answered)).toContain("Громада: <b>Житомир</b>");
    expect(texts(answered)).toContain("<b>Соціальне таксі</b>");
  });

  it("a menu press before the choice is not lost", async () => {
    const user = newResident();
    await user.send("✉️ Надіслати звернення");
    const answered = await user.press("Житомир");
    expect(texts(answered)).toContain("Ви погоджуєтеся на обробку цих даних?");
  });
});
