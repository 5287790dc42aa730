import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifySmallTalk, loadSmallTalk } from "../../src/talk/small-talk.ts";

describe("classifySmallTalk", () => {
  it.each([
    ["дякую", "thanks"],
    ["Дякую!!", "thanks"],
    ["дуже дякую Вам", "thanks"],
    ["спасибо большое", "thanks"],
    ["Спасиба", "thanks"],
    ["thank you so much", "thanks"],
    ["🙏", "thanks"],
    ["привіт", "greeting"],
    ["Привет", "greeting"],
    ["добрий день", "greeting"],
    ["Добрий день!", "greeting"],
    ["доброго ранку", "greeting"],
    ["здравствуйте", "greeting"],
    ["hello", "greeting"],
    ["алло вы меня слышите", "check"],
    ["Алло! Ви мене чуєте?", "check"],
    ["є хтось?", "check"],
    ["?", "check"],
    ["??", "check"],
    ["до побачення", "bye"],
    ["ок", "ok"],
    ["назад", "ok"], // typed after a card: the menu again, not «не знайшов»
    ["Назад!", "ok"],
    ["в меню", "ok"],
    ["головне меню будь ласка", "ok"],
    ["продовжити", "ok"], // after «🧹» with no request under way (second trial: it searched)
    ["зрозуміло, дякую", "thanks"],
    ["привіт, дякую", "thanks"],
    ["мені потрібна людина, а не бот", "human"],
    ["хочу поговорити з людиною", "human"],
    ["оператор", "human"],
    ["I want to talk to a real person", "human"],
    ["допоможіть", "help"],
    ["Допоможіть будь ласка!!!", "help"],
    ["помогите", "help"],
    ["потрібна допомога", "help"],
    ["хто це?", "check"],
    ["кто это", "check"],
    ["так", "yes"],
    ["давайте", "yes"],
    ["так, надішліть", "yes"],
    ["ага", "yes"],
  ])("%j → %s", (text, kind) => {
    expect(classifySmallTalk(text)).toBe(kind);
  });

  it.each([
    "добрий день, мені потрібна доглядальниця",
    "здрасте, как оформить субсидию",
    "привіт, потрібне соціальне таксі",
    "дякую, а ще потрібен психолог",
    "соціальне таксі",
    "не можу повернутися додому",
    "допоможіть з ліками",
    "потрібна людина щоб доглядала маму",
    "так, а ще потрібен психолог",
    "я",
    "",
    "/start",
    "добрий день ".repeat(6),
  ])("%j → not small talk (searched as before)", (text) => {
    expect(classifySmallTalk(text)).toBeUndefined();
  });

  it("reads its words from a data file: a new word there is small talk at once", () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), "phrases-")), "phrases.yaml");
    writeFileSync(file, "kinds:\n  thanks: [дякую, мерсі*]\nfiller: [вам]\n");
    const phrases = loadSmallTalk(file);
    expect(classifySmallTalk("мерсічки вам", phrases)).toBe("thanks");
    expect(classifySmallTalk("привіт", phrases)).toBeUndefined();
  });
});
