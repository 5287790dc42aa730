import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { PrismaClient } from "../../src/db/client.ts";
import { AppHarness, TOKEN } from "./app-harness.ts";
import { STAFF_GROUPS, STAFF_USER, staffedCatalogDir } from "./staffed-catalog.ts";
import { TelegramUser } from "./telegram-user.ts";

/**
 * The set-up the end-to-end files through the Bot API emulator share: one app for the whole file (a
 * fresh one per test would cost an app start each), residents and staff in its emulator, and no
 * outgoing message that breaks Telegram's rules after any test.
 */

/** A resident in their private chat with the harness's bot. */
export function residentIn(harness: AppHarness, userId: number, firstName = "Оля"): TelegramUser {
  return new TelegramUser(harness.emulator, TOKEN, userId, firstName);
}

/** A member of a department's staff in that department's group (the staffed catalogue's). */
export function staffIn(harness: AppHarness, department: keyof typeof STAFF_GROUPS, userId = STAFF_USER, name = "Оксана"): TelegramUser {
  return new TelegramUser(harness.emulator, TOKEN, userId, name, STAFF_GROUPS[department]!);
}

/** /start, then «Житомир». */
export async function startInZhytomyr(user: TelegramUser): Promise<void> {
  await user.send("/start");
  await user.press("Житомир");
}

/**
 * A resident asks for help through the whole request dialogue: /start and «Житомир» first if the chat
 * is new, a search, «✉️ Надіслати звернення», consent where it is still asked, «для мене», their own
 * name and `phone` (or the contacts of their last request where offered), no address, `details`,
 * «✅ Надіслати». Returns the saved request.
 */
export async function submitRequest(
  prisma: PrismaClient,
  resident: TelegramUser,
  { search, phone, details }: { search: string; phone: string; details: string },
): Promise<{ number: string; id: number }> {
  if (resident.messages().length === 0) await startInZhytomyr(resident);
  await resident.send(search);
  await resident.press("✉️ Надіслати звернення");
  // Consent is asked once: a second request goes straight on.
  if (resident.buttons(resident.last()).includes("✅ Погоджуюсь")) await resident.press("✅ Погоджуюсь");
  await resident.press("✍️ Описати, що потрібно");
  await resident.press("Для мене");
  if (resident.buttons(resident.last()).includes("✅ Так, ті самі")) {
    // A second request: the contacts left last time are offered.
    await resident.press("✅ Так, ті самі");
  } else {
    await resident.press(resident.firstName);
    await resident.send(phone);
  }
  if (resident.buttons(resident.last()).includes("Пропустити")) await resident.press("Пропустити");
  await resident.send(details);
  await resident.press("✅ Надіслати");
  const request = await prisma.helpRequest.findFirstOrThrow({ where: { residentId: BigInt(resident.userId) }, orderBy: { id: "desc" } });
  return { number: request.number, id: request.id };
}

export interface E2eOptions {
  /** Departments with staff groups and STAFF_USER (test/helpers/staffed-catalog.ts). */
  staffed?: boolean;
  /** More settings for the app. */
  env?: Record<string, string>;
  /** The first resident's Telegram id; each newResident() takes the next one. */
  firstUserId: number;
  /** newResident()'s first name when none is given. */
  residentName?: string;
}

export interface E2eApp {
  /** The running harness (set once the file's beforeAll has run). */
  readonly harness: AppHarness;
  prisma(): PrismaClient;
  /** A resident no other test of the file uses. */
  newResident(firstName?: string): TelegramUser;
  staffIn(department: keyof typeof STAFF_GROUPS, userId?: number, name?: string): TelegramUser;
}

/**
 * Starts one app for the calling test file (beforeAll), stops it after (afterAll) and checks after
 * every test that no outgoing message broke Telegram's rules.
 */
export function useAppHarness(options: E2eOptions): E2eApp {
  let harness: AppHarness | undefined;
  let nextUserId = options.firstUserId;
  beforeAll(async () => {
    harness = await AppHarness.start({ ...(options.staffed ? { CATALOG_DIR: staffedCatalogDir() } : {}), ...options.env });
  }, 180_000); // the shared machine is slow to start an app at times
  afterAll(async () => {
    await harness?.stop();
  });
  afterEach(() => {
    expect(harness?.violations).toEqual([]);
  });
  const running = (): AppHarness => {
    if (!harness) throw new Error("the app is not started yet: use it inside a test or a hook");
    return harness;
  };
  return {
    get harness() {
      return running();
    },
    prisma: () => running().db.prisma,
    newResident: (firstName = options.residentName ?? "Оля") => residentIn(running(), nextUserId++, firstName),
    staffIn: (department, userId, name) => staffIn(running(), department, userId, name),
  };
}
