import { describe, expect, it } from "vitest";
import {
  canReopen,
  assertTransition,
  canTransition,
  CLOSED_STATUSES,
  isOpen,
  OPEN_STATUSES,
  REQUEST_STATUSES,
  TransitionError,
  type ActorKind,
  type RequestStatus,
} from "../../src/requests/lifecycle.ts";

const ACTORS: ActorKind[] = ["resident", "staff", "system"];

/**
 * The whole rulebook, written out independently of the code: every (from, to, actor) allowed.
 * Anything not listed must be refused.
 */
const ALLOWED = new Set([
  // staff work a request: take it, ask the resident, close it either way
  "new → in_progress by staff",
  "new → waiting_for_resident by staff",
  "new → resolved by staff",
  "new → rejected by staff",
  "in_progress → waiting_for_resident by staff",
  "in_progress → resolved by staff",
  "in_progress → rejected by staff",
  "waiting_for_resident → in_progress by staff",
  "waiting_for_resident → resolved by staff",
  "waiting_for_resident → rejected by staff",
  // the resident's answer puts a waiting request back in progress
  "waiting_for_resident → in_progress by resident",
  // an open request may be withdrawn by the resident, or cancelled by the system (erasure)
  "new → cancelled by resident",
  "in_progress → cancelled by resident",
  "waiting_for_resident → cancelled by resident",
  "new → cancelled by system",
  "in_progress → cancelled by system",
  "waiting_for_resident → cancelled by system",
  // reopening (issue 18): staff reopen a closed or declined request, the resident one closed as done
  "resolved → in_progress by staff",
  "rejected → in_progress by staff",
  "resolved → in_progress by resident",
]);

const ALL_CASES = REQUEST_STATUSES.flatMap((from) =>
  REQUEST_STATUSES.flatMap((to) => ACTORS.map((actor) => [from, to, actor] as [RequestStatus, RequestStatus, ActorKind])),
);

describe("request statuses", () => {
  it("are the six statuses of the schema, open and closed ones partitioning them", () => {
    expect([...REQUEST_STATUSES].sort()).toEqual(["cancelled", "in_progress", "new", "rejected", "resolved", "waiting_for_resident"]);
    expect([...OPEN_STATUSES].sort()).toEqual(["in_progress", "new", "waiting_for_resident"]);
    expect([...CLOSED_STATUSES].sort()).toEqual(["cancelled", "rejected", "resolved"]);
  });

  it("isOpen says true exactly for new, in_progress and waiting_for_resident", () => {
    expect(REQUEST_STATUSES.filter(isOpen)).toEqual(["new", "in_progress", "waiting_for_resident"]);
  });
});

describe("canTransition", () => {
  it("allows exactly the rulebook's 20 transitions out of all 108 (status × status × actor)", () => {
    expect(ALL_CASES).toHaveLength(6 * 6 * 3);
    const allowed = ALL_CASES.filter(([from, to, actor]) => canTransition(from, to, actor)).map(([from, to, actor]) => `${from} → ${to} by ${actor}`);
    expect(new Set(allowed)).toEqual(ALLOWED);
  });

  it("lets a closed request only be reopened (back to in progress), never by the system, never a cancelled one", () => {
    for (const from of CLOSED_STATUSES) {
      for (const to of REQUEST_STATUSES) {
        for (const actor of ACTORS) {
          const reopen = to === "in_progress" && actor !== "system" && (from === "resolved" || (from === "rejected" && actor === "staff"));
          expect(canTransition(from, to, actor), `${from} → ${to} by ${actor}`).toBe(reopen);
        }
      }
    }
  });

  it("never moves a request to the status it already has", () => {
    for (const status of REQUEST_STATUSES) {
      for (const actor of ACTORS) expect(canTransition(status, status, actor), `${status} by ${actor}`).toBe(false);
    }
  });

  it("never moves a request back to new", () => {
    for (const from of REQUEST_STATUSES) {
      for (const actor of ACTORS) expect(canTransition(from, "new", actor)).toBe(false);
    }
  });

  it("lets a resident only withdraw a request or answer a question", () => {
    expect(canTransition("new", "resolved", "resident")).toBe(false);
    expect(canTransition("new", "in_progress", "resident")).toBe(false);
    expect(canTransition("in_progress", "rejected", "resident")).toBe(false);
    expect(canTransition("in_progress", "waiting_for_resident", "resident")).toBe(false);
    expect(canTransition("waiting_for_resident", "in_progress", "resident")).toBe(true);
    expect(canTransition("in_progress", "cancelled", "resident")).toBe(true);
  });

  it("makes staff reject rather than cancel, and the system only cancel", () => {
    for (const from of OPEN_STATUSES) {
      expect(canTransition(from, "cancelled", "staff")).toBe(false);
      expect(canTransition(from, "rejected", "staff")).toBe(true);
      for (const to of REQUEST_STATUSES) expect(canTransition(from, to, "system")).toBe(to === "cancelled");
    }
  });
});

describe("assertTransition", () => {
  it("passes silently for an allowed change", () => {
    expect(() => assertTransition("new", "in_progress", "staff")).not.toThrow();
  });

  it("throws a TransitionError naming who tried what", () => {
    let caught: unknown;
    try {
      assertTransition("cancelled", "in_progress", "staff");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TransitionError);
    expect(caught).toMatchObject({ name: "TransitionError", from: "cancelled", to: "in_progress", actor: "staff" });
    expect((caught as Error).message).toBe("a staff cannot move a request from cancelled to in_progress");
  });

  it("agrees with canTransition on every case", () => {
    for (const [from, to, actor] of ALL_CASES) {
      const allowed = canTransition(from, to, actor);
      if (allowed) expect(() => assertTransition(from, to, actor)).not.toThrow();
      else expect(() => assertTransition(from, to, actor)).toThrow(TransitionError);
    }
  });
});

describe("reopening (issue 18)", () => {
  const now = new Date("2026-11-29T12:00:00Z");
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000);
  it("is possible within 30 days of a close or decline, not later, not after erasure, not for a cancelled request", () => {
    expect(canReopen({ status: "resolved", closedAt: daysAgo(29) }, now)).toBe(true);
    expect(canReopen({ status: "rejected", closedAt: daysAgo(30) }, now)).toBe(true);
    expect(canReopen({ status: "resolved", closedAt: daysAgo(31) }, now)).toBe(false);
    expect(canReopen({ status: "resolved", closedAt: daysAgo(1), anonymisedAt: daysAgo(1) }, now)).toBe(false);
    expect(canReopen({ status: "cancelled", closedAt: daysAgo(1) }, now)).toBe(false);
    expect(canReopen({ status: "in_progress", closedAt: null }, now)).toBe(false);
  });
});
