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
    ["житомр", "zhytomyr"], // a letter missing
    ["житомиир", "zhytomyr"], // a letter more
    ["житмоир", "zhytomyr"], // two swapped
    ["в Житомире", "zhytomyr"],
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

describe("a town the bot does not serve (data/dialogue/communities.yaml: elsewhere)", () => {
  it.each([
    ["Бердичів", "Бердичів"],
    ["из Бердичева", "Бердичів"],
    ["я з Бердичева", "Бердичів"],
    ["бердичев", "Бердичів"],
    ["Berdychiv", "Бердичів"],
    ["Новоград-Волинський", "Звягель"],
    ["я з києва", "Київ"],
  ])("%j → %s, and no community of the bot's", (text, place) => {
    expect(guesser.elsewhere(text)).toMatchObject({ place, rest: [] });
    expect(guesser.guess(text)).toBeUndefined();
  });

  it("keeps a need said with it, and says nothing for a community the bot serves, a street, or two towns", () => {
    expect(guesser.elsewhere("Бердичів, потрібна доглядальниця")?.rest).toEqual(["потрибна", "доглядалниця"]);
    expect(guesser.elsewhere("я з Бердичева, мама в Житомирі")).toBeUndefined();
    expect(guesser.elsewhere("живу на Великій Бердичівській")).toBeUndefined();
    expect(guesser.elsewhere("Коростень чи Овруч")).toBeUndefined();
    expect(guesser.elsewhere("я винна")).toBeUndefined();
    expect(guesser.guess("я винна")).toBeUndefined();
  });
});
