import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entryArgs, PROJECT_ROOT } from "../helpers/process.ts";

/** Runs `hromada-help sandbox` with a script piped into stdin; resolves with everything it printed. */
function runSandbox(script: string[], dir: string): Promise<{ code: number | null; output: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...entryArgs("src/cli.ts"), "sandbox", "--dir", dir], {
      cwd: PROJECT_ROOT,
      // Only PATH: the developer's .env and settings must not leak in (dotenv never overrides what is set).
      env: { PATH: process.env.PATH ?? "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let output = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("exit", (code) => resolve({ code, output, stderr }));
    // The whole script at once: the sandbox must wait for each answer before it reads the next line.
    child.stdin.end(`${script.join("\n")}\n`);
  });
}

/** The part of the output after the line that echoes `input` (up to the next input line). */
function answerTo(output: string, input: string, occurrence = 1): string {
  let start = -1;
  for (let i = 0; i < occurrence; i += 1) {
    start = output.indexOf(` › ${input}\n`, start + 1);
    if (start === -1) throw new Error(`the output never echoes «${input}» (${occurrence}):\n${output}`);
  }
  const rest = output.slice(output.indexOf("\n", start) + 1);
  const next = rest.search(/^\S[^\n]* › /m);
  return next === -1 ? rest : rest.slice(0, next);
}

describe("the sandbox: the real bot in a terminal, against the emulator", () => {
  let dir: string;
  let run: { code: number | null; output: string; stderr: string };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "hromada-sandbox-"));
    run = await runSandbox(
      [
        "2", // Житомир
        "соціальне таксі",
        "1", // ✉️ Надіслати звернення
        "1", // ✅ Погоджуюсь
        "1", // ✍️ Описати, що потрібно
        "1", // Для мене
        "1", // Оля (the Telegram name)
        "1", // 📱 the share-my-number key: the sample contact (the question's first key; then 🔕, back, cancel)
        "1", // Пропустити (the address)
        "Потрібно до лікарні в четвер <b>о 9:00</b>",
        "1", // ✅ Надіслати
        "/staff",
        "1", // ✋ Взяти
        "1", // 💬 Відповісти
        "Добрий день! Машина буде в четвер о 9:00.",
        "/resident",
        "/help",
      ],
      dir,
    );
  }, 300_000); // a first start (initdb, migrations, import) and 17 steps: ~40 s alone, much more on a busy machine

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("exits cleanly at the end of the input, with readable output and the logs in its folder", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const { output } = run;
    expect(output).toContain("Hromada Help · sandbox");
    expect(output).toContain("Nothing goes to Telegram");
    expect(output).toContain("@BotFather");
    expect(output).toContain("BOT_TOKEN=");
    expect(output).toContain("npm start");
    expect(output).toContain(`Logs: ${path.join(dir, "sandbox.log")}`);
    expect(output).not.toContain("\x1b["); // a pipe gets plain text
    expect(output).not.toMatch(/"level":\d+/); // no log lines in the chat
    expect(output).toContain("Sandbox stopped.");
    const log = readFileSync(path.join(dir, "sandbox.log"), "utf8");
    expect(log).toContain('"event":"stopped"');
    expect(log).not.toContain("Оля"); // logs never carry personal data
    expect(existsSync(path.join(dir, "db"))).toBe(true);
    expect(readFileSync(path.join(dir, "catalog", "zhytomyr.yaml"), "utf8")).toMatch(/chatId: -\d+/);
  });

  it("a resident finds the service, sends a request with the sample contact; staff take it and reply; the resident reads the reply", () => {
    const { output } = run;
    // /start is pressed for you; the community is a button.
    expect(answerTo(output, "/start")).toMatch(/\[\d\] Житомир/);
    expect(answerTo(output, "2")).toContain("▸ pressed «Житомир»");

    const card = answerTo(output, "соціальне таксі");
    expect(card).toContain("Соціальне таксі");
    expect(card).toContain("[1] ✉️ Надіслати звернення");
    expect(card).toMatch(/⌨ \[\d\] 🔎 Знайти допомогу/); // the menu, numbered after the buttons

    expect(output).toContain("▸ pressed «✅ Погоджуюсь»");
    expect(output).toContain("▸ pressed «Для мене»");
    const phone = answerTo(output, "1", 5); // after «Оля»: the phone question, one message, every key numbered
    expect(phone).toContain("Ваш номер телефону");
    expect(phone).not.toContain("⬇️");
    expect(phone).toMatch(/⌨ \[1\] 📱 Надіслати мій номер \(sends a sample contact: \+380 67 000 00 00\)\s+\[2\] 🔕 Не дзвоніть, пишіть лише сюди\s+\[3\] ⬅️ Назад\s+\[4\] ✖️ Скасувати/);
    expect(output).toContain("▸ shared a sample contact: +380 67 000 00 00 (a made-up number)");
    expect(output).toContain("▸ pressed «Пропустити»");
    const summary = answerTo(output, "Потрібно до лікарні в четвер <b>о 9:00</b>");
    expect(summary).toContain("Телефон: +380 67 000 00 00");
    expect(summary).toContain("Що потрібно: Потрібно до лікарні в четвер <b>о 9:00</b>"); // &lt; decoded, not bold
    const sent = answerTo(output, "1", 8);
    const number = /Звернення № (\S+) прийнято/.exec(sent)?.[1];
    expect(number, sent).toBeTruthy();
    expect(sent).toMatch(/🔔 1 new message in the staff group «Літні люди та люди з інвалідністю[^»]*» \(\/staff\)/);

    const staff = answerTo(output, "/staff");
    expect(staff).toContain("━━ Staff group «Літні люди та люди з інвалідністю");
    expect(staff).toContain("you are Оксана, its staff member");
    expect(staff).toContain(`#1 ┃ 🆕 Звернення № ${number}`);
    expect(staff).toContain("Текст: Потрібно до лікарні в четвер <b>о 9:00</b>");
    expect(staff).toContain("[1] ✋ Взяти");

    const taken = answerTo(output, "1", 9);
    expect(taken).toContain("▸ pressed «✋ Взяти»");
    expect(taken).toMatch(/#1 ┃ ✎ edited: .*Звернення № /);
    expect(taken).toContain("Стан: у роботі");
    expect(taken).toContain("Взяв(ла): Оксана");
    expect(taken).toContain("🔔 1 new message in the resident's chat (/resident)");

    const prompt = answerTo(output, "1", 10);
    expect(prompt).toContain("▸ pressed «💬 Відповісти»");
    expect(prompt).toMatch(/#2 ┃ ↪ #1 .*№ /);
    expect(prompt).toContain("↩ Your next message answers #2");
    const replied = answerTo(output, "Добрий день! Машина буде в четвер о 9:00.");
    expect(output).toContain("Оксана ↩ #2 › Добрий день! Машина буде в четвер о 9:00.");
    expect(replied).toContain(`Доставлено мешканцю (№ ${number})`);

    const resident = answerTo(output, "/resident");
    expect(resident).toContain("━━ Your chat with the bot · you are Оля, a resident");
    expect(resident).toContain(`Звернення № ${number}: у роботі`);
    expect(resident).toContain(`Відповідь щодо звернення № ${number}`);
    expect(resident).toContain("Добрий день! Машина буде в четвер о 9:00.");
    expect(resident).not.toContain("Оксана"); // staff names stay hidden from residents
  });

  it("a second start opens the fresh database the first one kept: nothing of the first run is in it", async () => {
    expect(run.output).toContain("The first start builds its fresh database");
    expect(readdirSync(dir).filter((name) => /^fresh-database-[0-9a-f]+\.tar$/.test(name))).toHaveLength(1);
    const again = await runSandbox(["/resident"], dir);
    expect(again.code).toBe(0);
    expect(again.output).toContain("Starting the bot (a fresh database, a few seconds)");
    expect(readFileSync(path.join(dir, "sandbox.log"), "utf8")).toContain('"origin":"copy"');
    // The same resident as in the first run: asked for a community again, with no request to show.
    expect(answerTo(again.output, "/start")).toMatch(/\[\d\] Житомир/);
    expect(answerTo(again.output, "/resident")).not.toContain("Звернення №");
  }, 300_000);

  it("/help lists the sandbox's commands after the bot's own help", () => {
    const help = answerTo(run.output, "/help");
    expect(help).toContain("/privacy");
    for (const command of ["/staff", "/resident", "/reply N text", "/quit"]) expect(help).toContain(command);
    expect(help.indexOf("/privacy")).toBeLessThan(help.indexOf("Sandbox commands"));
  });
});
