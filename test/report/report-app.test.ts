import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, type App } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/client.ts";
import { BOT_INFO, TOKEN } from "../helpers/app-harness.ts";
import { openPgliteWithCatalog } from "../helpers/databases.ts";
import { freePort } from "../helpers/emulator.ts";

/** In long polling the report is served by the /healthz server (no webhook needed); Telegram is never called here. */
describe("the public report in long-polling mode", () => {
  let db: Database;
  let app: App;
  let base: string;

  beforeAll(async () => {
    const port = await freePort();
    const config = loadConfig({ BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "http://127.0.0.1:9", DATABASE_URL: "memory://", PORT: String(port), PUBLIC_REPORT: "true" });
    db = await openPgliteWithCatalog(config.catalogDir, config.databaseUrl);
    app = await createApp(config, pino({ level: "silent" }), { db, botInfo: BOT_INFO });
    await app.startHealthServer();
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.stop();
    await db?.close();
  });

  it("serves /report, /report.csv and /report.json beside /healthz", async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const page = await fetch(`${base}/report?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("How the city answers requests");
    expect(html).toContain("Zhytomyr"); // the catalogue's communities, even before any request
    expect((await fetch(`${base}/report.csv`)).status).toBe(200);
    expect(((await (await fetch(`${base}/report.json`)).json()) as { communities: unknown[] }).communities.length).toBeGreaterThan(0);
  });
});
