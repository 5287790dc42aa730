import { describe, expect, it } from "vitest";
import { formatRequestNumber } from "../../src/requests/numbering.ts";

describe("formatRequestNumber", () => {
  it("writes prefix, year and a five-digit sequence", () => {
    expect(formatRequestNumber("ЖТ", 2026, 1)).toBe("ЖТ-2026-00001");
    expect(formatRequestNumber("ЖТ", 2026, 42)).toBe("ЖТ-2026-00042");
    expect(formatRequestNumber("ВН", 2027, 99_999)).toBe("ВН-2027-99999");
  });

  it("keeps every digit after the 99 999th request of a year instead of cutting the number", () => {
    expect(formatRequestNumber("ЖТ", 2026, 123_456)).toBe("ЖТ-2026-123456");
  });
});

// The counter itself (from 1, per community and year, not used up by a rollback, concurrent requests)
// is tested where it is taken: the request's statement, test/requests/submit.test.ts.
