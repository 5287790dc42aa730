import { describe, expect, it } from "vitest";
import { t, useDrivenApp } from "../security/driver.ts";

/**
 * Typing the town's name instead of pressing its button: what the resident asked for before the
 * community was known (a need, «✉️», «🔎») is answered right after, exactly as after the button.
 */

const app = useDrivenApp();
let nextResident = 87_000;
const need = "потрібна доглядальниця";

describe("the community, typed", () => {
  it("a need typed first is answered after the typed town, as after its button", async () => {
    const byButton = nextResident++;
    await app.driver.text(byButton, "/start");
    await app.driver.text(byButton, need);
    const pressed = await app.driver.pressButton(byButton, /^cm1:zhytomyr$/);

    const byName = nextResident++;
    await app.driver.text(byName, "/start");
    const asked = await app.driver.text(byName, need);
    expect(asked.texts.at(-1)).toContain(t("community-why-message"));
    const typed = await app.driver.text(byName, "житомир");
    expect(typed.texts[0]).toBe(t("community-chosen", { community: "Житомир" }));
    expect(typed.texts.join("\n")).not.toContain(t("menu-hint"));
    expect(typed.texts.length).toBeGreaterThan(1);
    expect(typed.texts.slice(1)).toEqual(pressed.texts.slice(1)); // the need's answer, the same

    // Answered once: a later change of community does not answer it again.
    await app.driver.text(byName, "/community");
    const changed = await app.driver.pressButton(byName, /^cm1:vinnytsia$/);
    expect(changed.texts).toEqual([`${t("community-chosen", { community: "Вінниця" })}\n${t("menu-hint")}`]);
  });

  it("«✉️ Надіслати звернення» first, then the typed town: the request's consent", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, t("menu-request"));
    const typed = await app.driver.text(resident, "житомир");
    expect(typed.texts[0]).toBe(t("community-chosen", { community: "Житомир" }));
    expect(typed.texts.at(-1)).toContain("Ви погоджуєтеся на обробку цих даних?");
  });

  it("«🔎» first, then the typed town: the search goes on (as after the button)", async () => {
    const byButton = nextResident++;
    await app.driver.text(byButton, t("menu-find"));
    const pressed = await app.driver.pressButton(byButton, /^cm1:zhytomyr$/);
    const byName = nextResident++;
    await app.driver.text(byName, t("menu-find"));
    const typed = await app.driver.text(byName, "Житомир");
    expect(typed.texts[0]).toBe(t("community-chosen", { community: "Житомир" }));
    expect(typed.texts.length).toBeGreaterThan(1);
    expect(typed.texts.slice(1)).toEqual(pressed.texts.slice(1));
  });

  it("the town alone with nothing waiting: the choice and the menu's hint", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, "/start");
    const typed = await app.driver.text(resident, "житомир");
    expect(typed.texts).toEqual([`${t("community-chosen", { community: "Житомир" })}\n${t("menu-hint")}`]);
  });

  it("«Бердичів» (a town the bot does not serve) is the answer to «your community?»: said so, never searched later", async () => {
    const resident = nextResident++;
    await app.driver.text(resident, "/start");
    const answered = await app.driver.text(resident, "Бердичів");
    expect(answered.texts.at(-1)).toContain(t("community-elsewhere", { place: "Бердичів" }));
    expect(answered.texts.at(-1)).toContain(t("start-choose-community"));
    // The tester's «житомир» next was followed by a search for «Бердичів» («не знайшов»): only the choice now.
    const typed = await app.driver.text(resident, "житомир");
    expect(typed.texts).toEqual([`${t("community-chosen", { community: "Житомир" })}\n${t("menu-hint")}`]);
  });

  it("a need typed first still waits after «из Бердичева», and is answered after the town is chosen", async () => {
    const byButton = nextResident++;
    await app.driver.text(byButton, "/start");
    await app.driver.text(byButton, need);
    const pressed = await app.driver.pressButton(byButton, /^cm1:zhytomyr$/);

    const resident = nextResident++;
    await app.driver.text(resident, "/start");
    await app.driver.text(resident, need);
    const answered = await app.driver.text(resident, "я из Бердичева");
    expect(answered.texts.at(-1)).toContain(t("community-elsewhere", { place: "Бердичів" }));
    const typed = await app.driver.text(resident, "житомр"); // a letter missing
    expect(typed.texts[0]).toBe(t("community-chosen", { community: "Житомир" }));
    expect(typed.texts.slice(1)).toEqual(pressed.texts.slice(1));
  });
});
