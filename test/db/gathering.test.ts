import { describe, expect, it } from "vitest";
import { gatherer, othersUnderWay, updateStarted } from "../../src/db/gathering.ts";

describe("statements gathered while other updates are under way (src/db/gathering.ts)", () => {
  it("counts updates under way; «others» means more than the one asking", () => {
    expect(othersUnderWay()).toBe(false);
    const first = updateStarted();
    expect(othersUnderWay()).toBe(false);
    const second = updateStarted();
    expect(othersUnderWay()).toBe(true);
    second();
    second(); // counted once however often it is called
    expect(othersUnderWay()).toBe(false);
    first();
  });

  it("runs a statement at once when no other update is under way", async () => {
    const gather = gatherer(50);
    const ran: string[] = [];
    const result = gather(async () => {
      ran.push("a");
      return 1;
    });
    expect(ran).toEqual(["a"]);
    expect(await result).toBe(1);
  });

  it("with others under way, waits, then runs those that came meanwhile one after another in their order; a failure is its own", async () => {
    const done = [updateStarted(), updateStarted()];
    try {
      const gather = gatherer(5);
      const ran: string[] = [];
      const job = (name: string, fail = false) =>
        gather(async () => {
          ran.push(`${name} start`);
          await Promise.resolve();
          ran.push(`${name} end`);
          if (fail) throw new Error(name);
          return name;
        });
      const results = [job("a"), job("b", true), job("c")].map((promise) => promise.then((value) => value, (error: Error) => `failed ${error.message}`));
      expect(ran).toEqual([]); // held back for company
      expect(await Promise.all(results)).toEqual(["a", "failed b", "c"]);
      expect(ran).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
    } finally {
      for (const end of done) end();
    }
  });
});
