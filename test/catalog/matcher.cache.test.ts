import { describe, expect, it } from "vitest";
import { withResultCache, type Matcher, type MatchResult } from "../../src/catalog/matcher/index.ts";

/** A matcher that answers from a table and counts the searches it really did. */
function countingMatcher(answers: Record<string, MatchResult[]>) {
  const searched: string[] = [];
  const matcher: Matcher = {
    size: 3,
    explain: () => {
      throw new Error("not used");
    },
    search(query, limit = 5) {
      searched.push(query);
      return (answers[query.trim()] ?? []).slice(0, limit).map((result) => ({ ...result }));
    },
  };
  return { matcher, searched };
}

const taxi = [{ serviceId: "social-taxi", score: 0.9 }, { serviceId: "home-care", score: 0.5 }];

describe("matcher result cache", () => {
  it("answers a repeated query from memory, with the same results", () => {
    const { matcher, searched } = countingMatcher({ "соціальне таксі": taxi });
    const cached = withResultCache(matcher);
    expect(cached.search("соціальне таксі", 5)).toEqual(taxi);
    expect(cached.search("  соціальне таксі ", 5)).toEqual(taxi);
    expect(cached.search("соціальне таксі", 1)).toEqual(taxi.slice(0, 1)); // another limit is another question
    expect(searched).toEqual(["соціальне таксі", "соціальне таксі"]);
    expect(cached.size).toBe(3);
  });

  it("does not let a caller's change to the results reach the next caller", () => {
    const { matcher } = countingMatcher({ taxi });
    const cached = withResultCache(matcher);
    cached.search("taxi", 5)[0]!.serviceId = "changed";
    cached.search("taxi", 5).pop();
    expect(cached.search("taxi", 5)).toEqual(taxi);
  });

  it("remembers at most `size` queries, forgetting the least recently asked", () => {
    const { matcher, searched } = countingMatcher({ a: taxi, b: taxi, c: taxi });
    const cached = withResultCache(matcher, 2);
    cached.search("a", 5);
    cached.search("b", 5);
    cached.search("a", 5); // b is now the least recently asked
    cached.search("c", 5);
    cached.search("a", 5);
    cached.search("b", 5);
    expect(searched).toEqual(["a", "b", "c", "b"]);
  });
});
