import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nextBotMessages, startEmulator, type Emulator } from "../helpers/emulator.ts";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";
import { writeSandboxCatalog } from "../../src/sandbox/catalog.ts";
import { freshDatabaseKey, hasFreshCopy } from "../../src/sandbox/fresh-database.ts";
import { seedEmptyPglite } from "../helpers/databases.ts";
import { catalogPgliteDataDir } from "../helpers/db-templates.ts";
import { runEntry } from "../helpers/process.ts";

const TOKEN = "123456:e2e-start";

describe("npm start against the Bot API emulator", () => {
  let emulator: Emulator;
  let dataDir: string;

  beforeAll(async () => {
    emulator = await startEmulator();
    dataDir = mkdtempSync(path.join(tmpdir(), "hromada-e2e-"));
    // PGlite's initdb done (test/e2e/sandbox.e2e.test.ts starts on nothing at all); the bot's own
    // first start — migrations, catalogue import — is what this test watches.
    await seedEmptyPglite(path.join(dataDir, "db"));
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const env = () => ({
    BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emulator.apiRoot,
    DATABASE_URL: path.join(dataDir, "db"),
    LOG_LEVEL: "info",
  });

  async function greetingFor(userId: number, languageCode: string): Promise<string> {
    const client = emulator.server.getClient(TOKEN, { userId, chatId: userId, firstName: "Оля <b>", timeout: 20_000 });
    await client.sendCommand(client.makeCommand("/start", { from: { id: userId, first_name: "Оля <b>", is_bot: false, language_code: languageCode } }));
    const [message] = await nextBotMessages(client);
    expect(message?.chat_id).toBe(userId);
    expect(message?.parse_mode).toBe("HTML");
    return message?.text ?? "";
  }

  it("answers /start in the resident's language, migrates once, and stops cleanly on SIGTERM", async () => {
    const first = runEntry("src/main.ts", [], env());
    await first.waitForOutput(/polling_started/);
    expect(first.output()).toMatch(/"applied":\["\d+_init"/);
    expect(first.output()).toContain('"event":"catalog_synced"');

    const ukrainian = await greetingFor(1001, "uk");
    expect(ukrainian).toContain("Вітаємо, Оля &lt;b&gt;!");
    const english = await greetingFor(1002, "en");
    expect(english).toContain("Hello, Оля &lt;b&gt;!");

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("stopped cleanly");
    expect(first.output()).not.toContain("Оля");

    const second = runEntry("src/main.ts", [], env());
    await second.waitForOutput(/polling_started/);
    expect(second.output()).toContain('"applied":[]');
    // The catalogue files have not changed: the restart neither reads nor imports them again.
    expect(second.output()).toContain('"event":"catalog_unchanged"');
    expect(second.output()).not.toContain('"event":"catalog_synced"');
    expect(await greetingFor(1003, "uk")).toContain("Вітаємо");
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  }, 600_000); // two starts of a real process: over two minutes on a busy 2-core machine

  it("without BOT_TOKEN starts the sandbox instead, says so and how to run for real, and stops at the end of input", async () => {
    // The sandbox's own first start (initdb, migrations, import: ~9 s of CPU more) is
    // test/e2e/sandbox.e2e.test.ts's; this one starts from the fresh-database copy a first start keeps.
    const sandboxDir = path.join(dataDir, "sandbox");
    const catalog = path.join(dataDir, "sandbox-catalog");
    writeSandboxCatalog(DEFAULT_CATALOG_DIR, catalog);
    mkdirSync(sandboxDir);
    writeFileSync(path.join(sandboxDir, `fresh-database-${freshDatabaseKey(catalog)}.tar`), Buffer.from(await (await catalogPgliteDataDir(catalog)).arrayBuffer()));
    expect(hasFreshCopy(sandboxDir, catalog)).toBe(true);
    // stdin is empty here (a service manager, CI): the sandbox starts, reads nothing, stops.
    const run = runEntry("src/main.ts", [], { DATABASE_URL: path.join(dataDir, "db2"), SANDBOX_DIR: sandboxDir });
    expect(await run.exited).toBe(0);
    const output = run.output();
    expect(output.split("\n")[0]).toMatch(/^BOT_TOKEN is not set, so this is the sandbox/);
    expect(output).toMatch(/@BotFather.*\n.*BOT_TOKEN=.*npm start/);
    expect(output).toContain(`Data: ${path.join(dataDir, "sandbox")}`);
    expect(output).toContain("Sandbox stopped.");
    expect(output).not.toMatch(/"level":\d+/);
  }, 240_000); // a start in a child: ~5 s alone, over 60 s on a machine at load 20
});
