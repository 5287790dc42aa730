import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppHarness, TOKEN } from "../helpers/app-harness.ts";
import { STAFF_GROUPS, STAFF_USER, staffedCatalogDir } from "../helpers/staffed-catalog.ts";
import { TelegramUser } from "../helpers/telegram-user.ts";
import { t } from "./driver.ts";
import { waitFor } from "../helpers/wait-for.ts";
import { createServerDatabase, TEST_DATABASE_URL } from "../helpers/databases.ts";

/**
 * Privacy through the whole app and the Bot API emulator, at debug level: a resident's full request
 * dialogue, a staff answer, a follow-up with a photo. No log line may hold the resident's name (typed
 * or their Telegram name), phone, address or any text they or staff wrote; after /delete_me no table
 * may hold any of it either, a photo's Telegram file id included (it fetches the photo).
 */

const RESIDENT = 91_001;
const GROUP = STAFF_GROUPS["older-and-disabled"]!;
const SECRETS = {
  telegramName: "Соломія",
  name: "Соломія Приватна",
  phoneDigits: "937654321",
  address: "вул. Прихована, 42",
  details: "інсулін щотижня",
  followUp: "другий номер 0501112233",
  followUpDigits: "501112233",
  staffAnswer: "Соломіє, привеземо в четвер",
  photo: "photo-of-the-passport",
};

let harness: AppHarness;
let server: Awaited<ReturnType<typeof createServerDatabase>>;
let requestId: number;


/** Every table of the database as text, bigints as strings. */
async function dumpDatabase(): Promise<Record<string, string>> {
  const prisma = harness.db.prisma;
  const tables = await prisma.$queryRawUnsafe<Array<{ table_name: string }>>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
  );
  const dump: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    const rows = await prisma.$queryRawUnsafe<unknown[]>(`SELECT * FROM "${table}"`);
    dump[table] = JSON.stringify(rows, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  }
  return dump;
}

beforeAll(async () => {
  // On PostgreSQL where CI has it (the log-leak check must hold there), else on the embedded database.
  server = await createServerDatabase();
  harness = await AppHarness.start({ CATALOG_DIR: staffedCatalogDir(), LOG_LEVEL: "debug", ...(server ? { DATABASE_URL: server.url } : {}) });
  const resident = new TelegramUser(harness.emulator, TOKEN, RESIDENT, SECRETS.telegramName);
  const staff = new TelegramUser(harness.emulator, TOKEN, STAFF_USER, "Оксана", GROUP);

  await resident.send("/start");
  await resident.press("Житомир");
  await resident.send("соціальне таксі");
  await resident.press(t("card-send-request"));
  await resident.press(t("req-consent-yes"));
  await resident.press(t("req-mode-write"));
  await resident.press(t("req-for-me"));
  await resident.send(SECRETS.name);
  await resident.shareContact(`+380${SECRETS.phoneDigits}`);
  await resident.send(SECRETS.address);
  await resident.send(`Потрібно до лікарні: ${SECRETS.details}`);
  await resident.press(t("req-send"));
  const saved = await harness.db.prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(RESIDENT) } });
  requestId = saved.id;
  const number = saved.number;

  const card = await waitFor("the card", () => staff.messages().find((message) => message.text.includes(`№ ${number}`)));
  await staff.press(t("staff-reply"));
  await staff.replyTo(staff.last().messageId, SECRETS.staffAnswer);
  await waitFor("the answer at the resident's", () => resident.messages().some((message) => message.text.includes(SECRETS.staffAnswer)));
  await resident.press(t("notify-reply-button"));
  await resident.send(SECRETS.followUp);
  await resident.press(t("notify-reply-button"));
  await resident.sendRaw({ photo: [{ file_id: SECRETS.photo, file_unique_id: "p", width: 640, height: 480 }], caption: "фото" });
  await waitFor("the follow-up in the group", () => staff.messages().some((message) => message.text.includes(SECRETS.followUpDigits)));
  expect(card).toBeDefined();
}, 90_000);
afterAll(async () => {
  await harness.stop();
  await server?.drop();
});

describe(`privacy through the emulator on ${TEST_DATABASE_URL ? "postgresql" : "pglite"}`, () => {
  it("the dialogue, the staff answer and the follow-up all happened (so the checks below mean something)", async () => {
    const events = await harness.db.prisma.requestEvent.findMany({ where: { requestId }, select: { type: true, note: true } });
    expect(events.map((event) => event.type)).toEqual(expect.arrayContaining(["created", "answer", "message"]));
    expect(JSON.stringify(events)).toContain(SECRETS.followUp);
    expect(JSON.stringify(await dumpDatabase())).toContain(SECRETS.photo);
    const logged = harness.logLines.join("");
    for (const event of ["start", "search", "request_created", "staff_message_relayed"]) expect(logged).toContain(`"event":"${event}"`);
  });

  it("no log line holds a name, a phone number, an address, a text anybody wrote or a file id", () => {
    const leaks: string[] = [];
    for (const line of harness.logLines) {
      const { time: _time, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const text = JSON.stringify(fields);
      for (const [what, secret] of Object.entries(SECRETS)) if (text.includes(secret)) leaks.push(`${what} in ${text.slice(0, 300)}`);
    }
    expect(leaks).toEqual([]);
  });

  it("/delete_me leaves none of it in any table, the photo's file id included", async () => {
    const resident = new TelegramUser(harness.emulator, TOKEN, RESIDENT, SECRETS.telegramName);
    await resident.send("/delete_me");
    await resident.press(t("delete-yes"));
    const dump = await dumpDatabase();
    const found = Object.entries(dump).flatMap(([table, rows]) =>
      Object.entries(SECRETS)
        .filter(([what, secret]) => what !== "telegramName" && rows.includes(secret))
        .map(([what]) => `${what} in ${table}`),
    );
    expect(found).toEqual([]);
    // Nothing links the anonymous request to the person either: no row names their chat.
    const linked = Object.entries(dump).filter(([table, rows]) => table !== "processed_update" && rows.includes(`"${RESIDENT}"`));
    expect(linked.map(([table]) => table)).toEqual([]);
  });
});
