import { describe, expect, it } from "vitest";
import {
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
  it("allows exactly the rulebook's 17 transitions out of all 108 (status × status × actor)", () => {
    expect(ALL_CASES).toHaveLength(6 * 6 * 3);
    const allowed = ALL_CASES.filter(([from, to, actor]) => canTransition(from, to, actor)).map(([from, to, actor]) => `${from} → ${to} by ${actor}`);
    expect(new Set(allowed)).toEqual(ALLOWED);
  });

  it("lets nothing leave a closed status, whoever asks", () => {
    for (const from of CLOSED_STATUSES) {
      for (const to of REQUEST_STATUSES) {
        for (const actor of ACTORS) expect(canTransition(from, to, actor), `${from} → ${to} by ${actor}`).toBe(false);
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
      assertTransition("resolved", "in_progress", "staff");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TransitionError);
    expect(caught).toMatchObject({ name: "TransitionError", from: "resolved", to: "in_progress", actor: "staff" });
    expect((caught as Error).message).toBe("a staff cannot move a request from resolved to in_progress");
  });

  it("agrees with canTransition on every case", () => {
    for (const [from, to, actor] of ALL_CASES) {
      const allowed = canTransition(from, to, actor);
      if (allowed) expect(() => assertTransition(from, to, actor)).not.toThrow();
      else expect(() => assertTransition(from, to, actor)).toThrow(TransitionError);
    }
  });
});
