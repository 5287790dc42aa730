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

  it("a resident's short word for a button is the button (session 12's trial: «контакти», «мої заявки» were searched)", () => {
    expect(typedMenuKey(i18n, "контакти")).toBe("menu-contacts");
    expect(typedMenuKey(i18n, "Контакты")).toBe("menu-contacts");
    expect(typedMenuKey(i18n, "контакти будь ласка")).toBe("menu-contacts");
    expect(typedMenuKey(i18n, "мої заявки")).toBe("menu-my-requests");
    expect(typedMenuKey(i18n, "Мои заявки")).toBe("menu-my-requests");
    expect(typedMenuKey(i18n, "статус заявки")).toBe("menu-my-requests");
    expect(typedMenuKey(i18n, "новини")).toBe("menu-news");
    expect(typedMenuKey(i18n, "подати заявку")).toBe("menu-request");
  });

  it("those words inside a longer message are searched, not pressed", () => {
    expect(typedMenuKey(i18n, "де взяти контакти соцслужби")).toBeUndefined();
    expect(typedMenuKey(i18n, "як подати заявку на субсидію")).toBeUndefined();
    expect(typedMenuKey(i18n, "новини про виплати переселенцям")).toBeUndefined();
  });
});
