import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToTerminal, messageToTerminal } from "../../src/sandbox/render.ts";
import { formatKeyboard, formatMessage, keyboardChoices } from "../../src/sandbox/view.ts";

const plain = { color: false };
const color = { color: true };

describe("Telegram HTML as terminal text", () => {
  it("drops the tags in plain mode and keeps the text", () => {
    expect(htmlToTerminal("<b>Соціальне таксі</b>\nСпецтранспорт <i>для</i> <u>людей</u> <s>з</s> <code>ЖТ-1</code>", plain)).toBe(
      "Соціальне таксі\nСпецтранспорт для людей з ЖТ-1",
    );
  });

  it("shows bold, italic, underline and strikethrough as ANSI styles, nested ones included", () => {
    expect(htmlToTerminal("<b>bold</b> and <i>italic</i>", color)).toBe("\x1b[0;1mbold\x1b[0m and \x1b[0;3mitalic\x1b[0m");
    // Closing the inner style restores the outer one; no style leaks past the end.
    expect(htmlToTerminal("<b>a<i>b</i>c</b>d", color)).toBe("\x1b[0;1ma\x1b[0;1;3mb\x1b[0;1mc\x1b[0md");
    expect(htmlToTerminal("<strong>x</strong><em>y</em><ins>z</ins><del>w</del>", color)).toBe(
      "\x1b[0;1mx\x1b[0;3my\x1b[0;4mz\x1b[0;9mw\x1b[0m",
    );
    // Bold inside bold adds nothing.
    expect(htmlToTerminal("<b><strong>x</strong></b>", color)).toBe("\x1b[0;1mx\x1b[0m");
  });

  it("decodes entities, named and numeric", () => {
    expect(htmlToTerminal("&lt;b&gt;терміново&lt;/b&gt; &amp; &quot;швидко&quot; &#128075;&#x1F44B;", plain)).toBe('<b>терміново</b> & "швидко" 👋👋');
    expect(decodeEntities("&unknown; &#99999999; &amp;lt;")).toBe("&unknown; &#99999999; &lt;");
  });

  it("writes links as text (url), and no second copy where the text is the address or a mention", () => {
    expect(htmlToTerminal('<a href="https://zt-rada.gov.ua/?a=1&amp;b=2">Сайт ради</a>', plain)).toBe("Сайт ради (https://zt-rada.gov.ua/?a=1&b=2)");
    expect(htmlToTerminal('<a href="https://t.me/x">https://t.me/x</a>', plain)).toBe("https://t.me/x");
    expect(htmlToTerminal('<a href="tg://user?id=42">Оксана</a>', plain)).toBe("Оксана");
    expect(htmlToTerminal('<b><a href="https://a.b">x</a></b>', color)).toBe("\x1b[0;1mx (https://a.b)\x1b[0m");
  });

  it("marks each line of a blockquote, and keeps the text of spoilers, custom emoji and unknown tags", () => {
    expect(htmlToTerminal("Текст:\n<blockquote>перший\nдругий</blockquote>", plain)).toBe("Текст:\n│ перший\n│ другий");
    expect(htmlToTerminal('<blockquote expandable>x</blockquote>', plain)).toBe("│ x");
    expect(htmlToTerminal('<tg-spoiler>секрет</tg-spoiler> <span class="tg-spoiler">ще</span> <tg-emoji emoji-id="1">👍</tg-emoji> <foo>bar</foo>', plain)).toBe(
      "секрет ще 👍 bar",
    );
    expect(htmlToTerminal('<pre><code class="language-csv">a,b\n1,2</code></pre>', plain)).toBe("a,b\n1,2");
  });

  it("survives broken markup: stray closing tags, tags left open, a lone <", () => {
    expect(htmlToTerminal("a</b>b<i>c", plain)).toBe("abc");
    expect(htmlToTerminal("<b>open", color)).toBe("\x1b[0;1mopen\x1b[0m");
    expect(htmlToTerminal("1 < 2", plain)).toBe("1 < 2");
  });

  it("lets no control character reach the terminal, from text or from entities", () => {
    const out = htmlToTerminal("a\x1b[31mb&#27;[2Jc\x07", plain);
    expect(out).toBe("a[31mb[2Jc");
    expect(messageToTerminal("x\x1b[0my", undefined, color)).toBe("x[0my");
  });

  it("leaves text that is not HTML as it is", () => {
    expect(messageToTerminal("&lt;b&gt; <b>", undefined, plain)).toBe("&lt;b&gt; <b>");
    expect(messageToTerminal("&lt;b&gt; <b>x</b>", "HTML", plain)).toBe("<b> x");
  });
});

describe("a bot message in the terminal", () => {
  const message = {
    messageId: 7,
    chatId: 1,
    text: "<b>Звернення</b>\nСтан: нове",
    parseMode: "HTML",
    replyMarkup: {
      inline_keyboard: [
        [{ text: "✋ Взяти", callback_data: "st1:take:1:n" }],
        [
          { text: "💬 Відповісти", callback_data: "st1:rep:1:n" },
          { text: "Сайт", url: "https://example.org" },
        ],
      ],
    },
  };

  it("puts the text behind a gutter and numbers the buttons from the given number", () => {
    const block = formatMessage(message, { style: plain, firstNumber: 3, label: "#2", edited: true, replyTo: "#1" });
    expect(block.lines).toEqual([
      "#2 ┃ ✎ edited: ↪ #1 Звернення",
      "   ┃ Стан: нове",
      "   ┃   [3] ✋ Взяти",
      "   ┃   [4] 💬 Відповісти   [5] Сайт ↗",
    ]);
    expect(block.choices.map((choice) => choice.kind)).toEqual(["press", "press", "open"]);
    expect(block.choices[1]).toMatchObject({ kind: "press", data: "st1:rep:1:n", message: { messageId: 7 } });
  });

  it("lists the reply keyboard on one line, the contact button with its sample number", () => {
    const choices = keyboardChoices({ keyboard: [[{ text: "📱 Надіслати мій номер", request_contact: true }], ["🔎 Знайти допомогу"]] });
    expect(choices).toEqual([
      { kind: "contact", label: "📱 Надіслати мій номер" },
      { kind: "text", label: "🔎 Знайти допомогу" },
    ]);
    expect(formatKeyboard(choices, 1, plain)).toEqual(["    ⌨ [1] 📱 Надіслати мій номер (sends a sample contact: +380 67 000 00 00)  [2] 🔎 Знайти допомогу"]);
    expect(formatKeyboard([], 1, plain)).toEqual([]);
  });
});
