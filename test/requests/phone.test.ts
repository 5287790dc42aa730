import { describe, expect, it } from "vitest";
import { findResidentPhone, forgetRememberedPhones, formatPhone, normalizeResidentPhone, normalizeSharedPhone, rememberedPhoneCount, residentPhoneIn } from "../../src/requests/phone.ts";

describe("normalizeResidentPhone", () => {
  describe("turns what residents type into +380XXXXXXXXX", () => {
    it.each([
      // mobile numbers, the way people write them
      ["067 123 45 67", "+380671234567"],
      ["0671234567", "+380671234567"],
      ["067-123-45-67", "+380671234567"],
      ["067.123.45.67", "+380671234567"],
      ["(067) 123-45-67", "+380671234567"],
      ["0 6 7 1 2 3 4 5 6 7", "+380671234567"],
      // with the country code, in every half-remembered form
      ["+380671234567", "+380671234567"],
      ["+380 67 123 45 67", "+380671234567"],
      ["+380 (67) 123 45 67", "+380671234567"],
      ["380671234567", "+380671234567"],
      ["+38 (067) 123-45-67", "+380671234567"],
      ["+38-067-123-45-67", "+380671234567"],
      ["38 067 123 45 67", "+380671234567"],
      ["+ 380671234567", "+380671234567"],
      // the old trunk prefix "8" still typed by older residents
      ["80671234567", "+380671234567"],
      ["8 067 123 45 67", "+380671234567"],
      // landlines: Zhytomyr (0412, a three-digit area code) and Kyiv (044)
      ["0412 48 12 12", "+380412481212"],
      ["(0412) 48-12-12", "+380412481212"],
      ["044 123 45 67", "+380441234567"],
      ["+380 44 123 4567", "+380441234567"],
      // other operators
      ["050 765 43 21", "+380507654321"],
      ["093 111 22 33", "+380931112233"],
    ])("%j → %s", (typed, expected) => {
      expect(normalizeResidentPhone(typed)).toBe(expected);
    });

    it("ignores spaces and a newline around the number (a pasted number)", () => {
      expect(normalizeResidentPhone("  0671234567 ")).toBe("+380671234567");
      expect(normalizeResidentPhone("0671234567\n")).toBe("+380671234567");
    });
  });

  it("takes a relative's number abroad with its country code, but not +7 (calls there are blocked)", () => {
    expect(normalizeResidentPhone("+48 601 234 567")).toBe("+48601234567");
    expect(normalizeResidentPhone("+49 (151) 2345-6789")).toBe("+4915123456789");
    expect(normalizeResidentPhone("+7 912 345 67 89")).toBeNull();
    expect(normalizeResidentPhone("48 601 234 567")).toBeNull(); // without + it is not a foreign number
  });

  describe("refuses what cannot be called back", () => {
    it.each([
      ["", "nothing"],
      ["   ", "only spaces"],
      ["123", "three digits (the dialogue's own example of a mistake)"],
      ["112", "an emergency number"],
      ["1547", "a short hotline number"],
      ["abc", "letters"],
      ["067 123 45 6", "a digit short"],
      ["671234567", "nine digits without the leading 0"],
      ["+38067123456", "a digit short with the country code"],
      ["+3806712345678", "a digit too many"],
      ["+380071234567", "a national number starting with 0 after +380"],
      ["0001234567", "a national number starting with 0"],
      ["+7 912 345 67 89", "a Russian number"],
      ["79123456789", "a Russian number without +"],
      ["++380671234567", "a doubled plus"],
      ["067/123/45/67", "slashes"],
      ["067 123 45 67 дзвоніть", "words after the number"],
      ["+38 067 123 45 67, Оля", "a name after the number"],
      ["0671234567 0501234567", "two numbers at once"],
    ])("%j (%s) → null", (typed) => {
      expect(normalizeResidentPhone(typed)).toBeNull();
    });
  });

  it("is idempotent: a normalised number normalises to itself", () => {
    for (const typed of ["067 123 45 67", "+38 (050) 765-43-21", "0412 48 12 12", "80931112233"]) {
      const once = normalizeResidentPhone(typed)!;
      expect(once).toMatch(/^\+380[1-9]\d{8}$/);
      expect(normalizeResidentPhone(once)).toBe(once);
    }
  });
});

describe("formatPhone", () => {
  it("groups a mobile number the way it is read aloud", () => {
    expect(formatPhone("+380671234567")).toBe("+380 67 123 45 67");
    expect(formatPhone("+380507654321")).toBe("+380 50 765 43 21");
  });

  it("round-trips: the formatted number normalises back to the stored one", () => {
    for (const stored of ["+380671234567", "+380931112233", "+380412481212"]) {
      expect(normalizeResidentPhone(formatPhone(stored))).toBe(stored);
    }
  });

  it.each(["0671234567", "+38067123456", "+3806712345678", "+380071234567", "hello", ""])(
    "leaves %j, which is no valid number in E.164, unchanged",
    (text) => {
      expect(formatPhone(text)).toBe(text);
    },
  );

  it("groups a Zhytomyr landline by its three-digit area code 412", () => {
    expect(formatPhone("+380412481212")).toBe("+380 412 48 12 12");
  });
});

describe("numbers abroad (libphonenumber-js)", () => {
  it.each([
    ["+48 601 234 567", "+48601234567", "+48 601 234 567"],
    ["+49 (151) 2345-6789", "+4915123456789", "+49 1512 3456789"],
    ["+44 7911 123456", "+447911123456", "+44 7911 123456"],
    ["+1 (415) 555-2671", "+14155552671", "+1 415 555 2671"],
    ["+420 601 123 456", "+420601123456", "+420 601 123 456"],
  ])("%j is stored as %s and shown as %s", (typed, stored, shown) => {
    expect(normalizeResidentPhone(typed)).toBe(stored);
    expect(formatPhone(stored)).toBe(shown);
    expect(normalizeResidentPhone(formatPhone(stored))).toBe(stored);
  });

  it("refuses a foreign number that its country's plan does not allow", () => {
    expect(normalizeResidentPhone("+48 601 234")).toBeNull();
    expect(normalizeResidentPhone("+49 000 0000000")).toBeNull();
  });

  it("reads a shared Telegram contact, international with or without its +", () => {
    expect(normalizeSharedPhone("380671234567")).toBe("+380671234567");
    expect(normalizeSharedPhone("48601234567")).toBe("+48601234567");
    expect(normalizeSharedPhone("+12025550100")).toBe("+12025550100");
    expect(normalizeSharedPhone("4860123")).toBeNull();
    expect(normalizeSharedPhone("79123456789")).toBeNull();
  });

  it("groups Kyiv's two-digit area code as the plan knows it", () => {
    expect(formatPhone("+380441234567")).toBe("+380 44 123 45 67");
  });
});

describe("findResidentPhone: a number among words (a second contact)", () => {
  it.each([
    ["сусідка Галя 067 123 45 67", "+380671234567", "сусідка Галя"],
    ["мама, +48 601 234 567", "+48601234567", "мама"],
    ["0671234567", "+380671234567", ""],
    ["Галина Іванівна (мама) 380671234567", "+380671234567", "Галина Іванівна (мама)"],
  ])("%j → %s and %j", (text, phone, rest) => {
    expect(findResidentPhone(text)).toEqual({ phone, rest });
  });

  it.each([["мама"], ["+7 912 345 67 89 Іван"], ["123 Іван"]])("%j has no number to call", (text) => {
    expect(findResidentPhone(text)).toBeNull();
  });
});

describe("a message read again in the same update (remembered)", () => {
  it("gives the same answers the second time, and an erasure forgets the texts too", () => {
    const texts = ["Галина 067 123 45 67", "067 123 45 67", "вул. Київська 15, 067 123 45 67", "+7 912 345 67 89", "мама 067 123 45 67, тато 050 111 22 33"];
    const first = texts.map((text) => [residentPhoneIn(text), findResidentPhone(text), normalizeResidentPhone(text)]);
    const again = texts.map((text) => [residentPhoneIn(text), findResidentPhone(text), normalizeResidentPhone(text)]);
    expect(again).toEqual(first);
    expect(first[0]![0]).toEqual({ phone: "+380671234567" });
    expect(first[2]![0]).toBeNull(); // digits besides the number: an address
    expect(first[3]![2]).toBeNull();
    expect(first[4]![0]).toEqual({ several: true });
    expect(rememberedPhoneCount()).toBeGreaterThan(0);
    forgetRememberedPhones();
    expect(rememberedPhoneCount()).toBe(0);
    expect(residentPhoneIn(texts[0]!)).toEqual({ phone: "+380671234567" });
  });
});
