import { describe, expect, it } from "vitest";
import { CommunityGuesser } from "../../src/catalog/community-guess.ts";

const guesser = CommunityGuesser.load([
  { id: "zhytomyr", names: ["Житомир", "Zhytomyr"] },
  { id: "vinnytsia", names: ["Вінниця", "Vinnytsia"] },
]);

describe("a community named in a typed message", () => {
  it.each([
    ["житомир", "zhytomyr"],
    ["Житомир", "zhytomyr"],
    ["ЖИТОМИР!", "zhytomyr"],
    ["я с житомира", "zhytomyr"],
    ["Я з Житомира", "zhytomyr"],
    ["живу в Житомирі", "zhytomyr"],
    ["житомер", "zhytomyr"], // a typo
    ["Vinnytsia", "vinnytsia"],
    ["vinnitsa", "vinnytsia"],
    ["Вінниця", "vinnytsia"],
    ["из Винницы", "vinnytsia"],
  ])("%j → %s, nothing else said", (text, communityId) => {
    expect(guesser.guess(text)).toEqual({ communityId, rest: [] });
  });

  it("keeps the rest of the message: a need said with the place", () => {
    expect(guesser.guess("я з Житомира, потрібне соціальне таксі")?.rest).toEqual(["потрибне", "социалне", "таксі"].map((w) => w.replace("і", "и")));
  });

  it("guesses nothing from other words or from two places", () => {
    expect(guesser.guess("потрібна допомога")).toBeUndefined();
    expect(guesser.guess("житомир чи вінниця")).toBeUndefined();
    expect(guesser.guess("жито")).toBeUndefined();
  });
});
