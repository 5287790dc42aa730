import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { createServerDatabase, TEST_DATABASE_URL } from "../helpers/databases.ts";
import { PROJECT_ROOT } from "../helpers/process.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";

/**
 * The database goes away for a moment (the PostgreSQL server stopped and started again, as CI's
 * .ci/postgres.sh pause|resume do): updates in that window get an apology, no request is half-saved,
 * and the bot carries on once the database is back. Runs where CI provides the server's folder.
 */
const POSTGRES_DIR = process.env.TEST_POSTGRES_DIR;
const postgres = (action: "pause" | "resume") =>
  execFileSync("bash", [".ci/postgres.sh", action, POSTGRES_DIR!], { cwd: PROJECT_ROOT, stdio: "ignore" });

describe.skipIf(!TEST_DATABASE_URL || !POSTGRES_DIR)("a database outage on postgresql", () => {
  let harness: AppHarness;
  let dropDatabase: () => Promise<void>;
  const answers: string[] = [];

  beforeAll(async () => {
    const database = (await createServerDatabase())!;
    dropDatabase = database.drop;
    harness = await AppHarness.start({ DATABASE_URL: database.url }, (app) => {
      // Alerts on buttons are not kept by the emulator: record them here.
      app.bot.api.config.use((prev, method, payload, signal) => {
        const text = (payload as { text?: string }).text;
        if (method === "answerCallbackQuery" && text) answers.push(text);
        return prev(method, payload, signal);
      });
    });
  }, 120_000);

  afterAll(async () => {
    postgres("resume"); // whatever happened, leave the server running for the other tests
    await harness.stop();
    await dropDatabase();
  });

  it("apologises while the database is away, saves nothing half-way, and carries on when it is back", async () => {
    const resident = new TelegramUser(harness.emulator, TOKEN, 6100, "Ніна");
    await resident.send("/start");
    await resident.press("Житомир");
    await resident.send("✉️ Надіслати звернення");
    await resident.press("✅ Погоджуюсь");
    await resident.press("📞 Просто передзвоніть мені");
    await resident.press("Для мене");
    await resident.press("Ніна");
    await resident.send("0501234567");
    await resident.press("Будь-коли");
    expect(resident.last().text).toContain("Перевірте, будь ласка");

    postgres("pause");
    try {
      const during = await resident.send("допоможіть, будь ласка");
      expect(during.map((m) => m.text).join("\n")).toContain("технічна перерва");
      await resident.press("✅ Надіслати");
      expect(answers.some((text) => text.includes("технічна перерва"))).toBe(true);
    } finally {
      postgres("resume");
    }

    // Back: the same button now sends the request, once.
    await resident.press("✅ Надіслати");
    expect(resident.last().text).toMatch(/№ ЖТ-\d{4}-\d{5}/);
    const prisma = harness.db.prisma;
    const requests = await prisma.helpRequest.findMany({ where: { residentId: 6100n } });
    expect(requests).toHaveLength(1);
    expect(await prisma.requestEvent.count({ where: { requestId: requests[0]!.id, type: "created" } })).toBe(1);
    const orphans = await prisma.$queryRaw<Array<{ id: number }>>`
      SELECT r.id FROM help_request r WHERE NOT EXISTS (SELECT 1 FROM request_event e WHERE e.request_id = r.id AND e.type = 'created')`;
    expect(orphans).toEqual([]);

    // And everyone else is served again.
    const next = new TelegramUser(harness.emulator, TOKEN, 6101, "Петро");
    expect((await next.send("/start")).map((m) => m.text).join("\n")).toContain("Вітаємо");
    expect(harness.violations).toEqual([]);
  });
});
