import { RequestService } from "../../src/requests/service.ts";
import type { RequestStatus } from "../../src/requests/lifecycle.ts";
import { draft, newResidentId, steppingClock, type RequestsDatabase } from "../requests/fixtures.ts";

/**
 * Requests for the report tests, with personal data a report must never show (names, phones,
 * addresses, texts), and figures known by construction. Shared set-up, not a test file.
 */

/** "Now" for every report test: Sunday 29 November 2026, 14:00 Kyiv time. */
export const REPORT_NOW = new Date("2026-11-29T12:00:00Z");

export const SEEDED_PERSONAL = {
  names: ["Олександра Секретна", "Петро Невидимий", "Ярослава Прихована"],
  subjects: ["Марія Конфіденційна"],
  phones: ["+380671112233", "+380509998877", "+380931234560"],
  addresses: ["вул. Таємна, 13, кв. 7"],
  details: ["Потрібна допомога після операції на серці"],
};

/** Every personal string as a reader could find it: as typed, and phones without the «+» and as 0XX…. */
export function personalNeedles(): string[] {
  const phones = SEEDED_PERSONAL.phones.flatMap((p) => [p, p.slice(1), `0${p.slice(4)}`, p.slice(-7)]);
  return [...SEEDED_PERSONAL.names, ...SEEDED_PERSONAL.subjects, ...SEEDED_PERSONAL.addresses, ...SEEDED_PERSONAL.details, ...phones];
}

interface Seed {
  community?: "zhytomyr" | "vinnytsia";
  serviceId: string;
  /** Kyiv time, "2026-11-02 09:00". */
  created: string;
  /** Hours after creation. */
  answeredAfter?: number;
  status?: RequestStatus;
}

const kyiv = (local: string) => {
  // November and October 2026 dates after 25 Oct are UTC+2; earlier October dates UTC+3.
  const date = new Date(`${local.replace(" ", "T")}:00+02:00`);
  return date.getTime() < Date.parse("2026-10-25T01:00:00Z") ? new Date(`${local.replace(" ", "T")}:00+03:00`) : date;
};

/**
 * Zhytomyr, November 2026: 12 requests (6 social taxi, 5 home care, 1 shelter). Eight answered: six on
 * Monday 2 November within 1–6 hours (in time), two after 50 hours (late); 6 resolved, 1 declined,
 * 1 withdrawn before an answer, 4 still open (two of them unanswered and past their deadline).
 * Zhytomyr, October 2026: 7 home-care requests, each answered after 2 hours and resolved.
 * Vinnytsia, November 2026: 3 requests (every figure «<5»).
 */
export const SEEDS: Seed[] = [
  ...[1, 2, 3, 4, 5, 6].map((h, i): Seed => ({ serviceId: i < 3 ? "social-taxi" : "home-care", created: "2026-11-02 09:00", answeredAfter: h, status: i === 5 ? "rejected" : "resolved" })),
  { serviceId: "social-taxi", created: "2026-11-03 10:00", answeredAfter: 50, status: "resolved" },
  { serviceId: "social-taxi", created: "2026-11-03 11:00", answeredAfter: 50, status: "in_progress" },
  { serviceId: "social-taxi", created: "2026-11-04 12:00", status: "cancelled" },
  { serviceId: "social-taxi", created: "2026-11-10 12:00", status: "new" },
  { serviceId: "home-care", created: "2026-11-11 12:00", status: "new" },
  { serviceId: "shelter", created: "2026-11-12 12:00", status: "new" },
  ...Array.from({ length: 7 }, (_, i): Seed => ({ serviceId: "home-care", created: `2026-10-${String(12 + i).padStart(2, "0")} 10:00`, answeredAfter: 2, status: "resolved" })),
  ...[0, 1, 2].map((i): Seed => ({ community: "vinnytsia", serviceId: "home-care", created: `2026-11-${String(16 + i)} 10:00`, answeredAfter: 1, status: "resolved" })),
];

/** Needs a database with both communities imported. */
export async function seedReportRequests(db: RequestsDatabase): Promise<void> {
  const requests = new RequestService({ prisma: db.prisma, catalog: await db.catalog(), maxOpenPerResident: 100, now: steppingClock("2026-10-01T07:00:00Z") });
  for (const [i, seed] of SEEDS.entries()) {
    const p = SEEDED_PERSONAL;
    const { id } = await requests.createRequest(
      newResidentId(),
      "uk",
      draft({
        communityId: seed.community ?? "zhytomyr",
        serviceId: seed.serviceId,
        contactName: p.names[i % p.names.length]!,
        phone: p.phones[i % p.phones.length]!,
        address: p.addresses[0]!,
        details: p.details[0]!,
        onBehalf: i % 4 === 0,
        ...(i % 4 === 0 ? { subjectName: p.subjects[0]!, subjectRelation: "мама" } : {}),
      }),
    );
    const createdAt = kyiv(seed.created);
    const status = seed.status ?? "new";
    const firstAnswerAt = seed.answeredAfter === undefined ? null : new Date(createdAt.getTime() + seed.answeredAfter * 3_600_000);
    const closed = ["resolved", "rejected", "cancelled"].includes(status);
    await db.prisma.helpRequest.update({
      where: { id },
      data: { createdAt, firstAnswerAt, status, closedAt: closed ? new Date((firstAnswerAt ?? createdAt).getTime() + 3_600_000) : null },
    });
  }
}
