import { describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n.ts";
import { typedMenuKey } from "../../src/bot/features/typed-menu.ts";

describe("typed menu labels", () => {
  const i18n = createI18n("uk");

  it("a menu label typed without its emoji, in either language and any case, is the button", () => {
    expect(typedMenuKey(i18n, "мої звернення")).toBe("menu-my-requests");
    expect(typedMenuKey(i18n, "Мої звернення!")).toBe("menu-my-requests");
    expect(typedMenuKey(i18n, "📋 Мої звернення")).toBe("menu-my-requests");
    expect(typedMenuKey(i18n, "my requests")).toBe("menu-my-requests");
    expect(typedMenuKey(i18n, "Знайти допомогу")).toBe("menu-find");
    expect(typedMenuKey(i18n, "надіслати звернення")).toBe("menu-request");
    expect(typedMenuKey(i18n, "Send a request")).toBe("menu-request");
    expect(typedMenuKey(i18n, "контакти і гарячі лінії")).toBe("menu-contacts");
    expect(typedMenuKey(i18n, "мова")).toBe("menu-language");
    expect(typedMenuKey(i18n, "Language")).toBe("menu-language");
  });

  it("a message that merely contains a label's words is not the button", () => {
    expect(typedMenuKey(i18n, "звернення щодо доступності")).toBeUndefined();
    expect(typedMenuKey(i18n, "мої звернення не відповідають, допоможіть знайти допомогу")).toBeUndefined();
    expect(typedMenuKey(i18n, "допомогу")).toBeUndefined();
  });

  it.each([
    ["контакти", "menu-contacts"],
    ["Контакты", "menu-contacts"],
    ["контакти будь ласка", "menu-contacts"],
    ["мої заявки", "menu-my-requests"],
    ["Мои заявки", "menu-my-requests"],
    ["статус заявки", "menu-my-requests"],
    ["новини", "menu-news"],
    ["подати заявку", "menu-request"],
  ])("a resident's short word for a button is the button: %j → %s (session 12's trial: they were searched)", (text, key) => {
    expect(typedMenuKey(i18n, text)).toBe(key);
  });

  // «пошук» answers «Додати це до звернення?» (review: it opened the guided finder there).
  it.each([["де взяти контакти соцслужби"], ["як подати заявку на субсидію"], ["новини про виплати переселенцям"], ["пошук"]])(
    "those words inside a longer message are searched, not pressed: %j",
    (text) => {
      expect(typedMenuKey(i18n, text)).toBeUndefined();
    },
  );
});
