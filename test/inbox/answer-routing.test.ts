import { describe, expect, it } from "vitest";
import { loadAnswerOpeners, looksLikeAnswer, routeAnswer } from "../../src/inbox/answer-routing.ts";

/** A matcher that knows «ходунки», «home care» and «соціальне таксі» as services, sure of each. */
const SERVICES = [/ходун/i, /home care/i, /таксі/i];
const matcher = { search: (text: string) => (SERVICES.some((re) => re.test(text)) ? [{ score: 0.99 }] : []) } as never;

describe("routing a resident's message while a staff question is open", () => {
  it("an answer that names a service still goes to the only open question's request", () => {
    expect(routeAnswer({ text: "Так, я з ходунками.", waiting: [7] }, matcher)).toEqual({ to: "request", requestId: 7 });
    expect(routeAnswer({ text: "ні, таксі не треба", waiting: [7] }, matcher)).toEqual({ to: "request", requestId: 7 });
    expect(routeAnswer({ text: "Ага ходунки", waiting: [7] }, matcher)).toEqual({ to: "request", requestId: 7 });
  });

  it("a bare phrase naming a service is a search; with several open, an answer asks which", () => {
    expect(routeAnswer({ text: "home care", waiting: [7] }, matcher)).toEqual({ to: "search" });
    expect(routeAnswer({ text: "соціальне таксі", waiting: [7, 8] }, matcher)).toEqual({ to: "search" });
    expect(routeAnswer({ text: "Так, я з ходунками.", waiting: [7, 8] }, matcher)).toEqual({ to: "choose", requestIds: [7, 8] });
  });

  it("tells an answer's shape from a search's", () => {
    const openers = loadAnswerOpeners();
    expect(openers.has("так")).toBe(true);
    expect(looksLikeAnswer("Так я з ходунками", openers)).toBe(true);
    expect(looksLikeAnswer("я з ходунками.", openers)).toBe(true);
    expect(looksLikeAnswer("ходунки...", openers)).toBe(false);
    expect(looksLikeAnswer("соціальне таксі", openers)).toBe(false);
  });
});
