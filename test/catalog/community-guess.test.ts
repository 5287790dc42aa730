import { describe, expect, it } from "vitest";
import { CommunityGuesser } from "../../src/catalog/community-guess.ts";
import { fold } from "../../src/catalog/matcher/normalize.ts";

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

describe("a place name with one slip, against the rule written out plainly", () => {
  // The rule as first written (slices and concatenations per comparison): the guesser must agree with
  // it on every word, right or wrong, not only on the examples above.
  const plainStem = (name: string) => {
    const key = fold(name.toLocaleLowerCase("uk"));
    return key.length > 4 ? key.replace(/[аяеиоуюь]$/u, "") : key;
  };
  const plainWithinOne = (a: string, b: string) => {
    if (a.length !== b.length) return false;
    let differences = 0;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && ++differences > 1) return false;
    return true;
  };
  const plainOneSlip = (key: string, stem: string) => {
    for (let i = 0; i < stem.length; i++) {
      if (key.startsWith(stem.slice(0, i) + stem.slice(i + 1))) return true;
      if (i + 1 < stem.length && key.startsWith(stem.slice(0, i) + stem[i + 1] + stem[i] + stem.slice(i + 2))) return true;
    }
    for (let i = 0; i <= stem.length; i++) if (key.length > stem.length && key.slice(0, i) + key.slice(i + 1, stem.length + 1) === stem) return true;
    return false;
  };
  const plainNames = (key: string, stem: string) => {
    if (key.length - stem.length > 3) return false;
    if (key.length >= stem.length && (key.startsWith(stem) || (stem.length >= 6 && plainWithinOne(key.slice(0, stem.length), stem)))) return true;
    return stem.length >= 7 && key.length >= stem.length - 1 && plainOneSlip(key, stem);
  };

  it("finds the same community as the plain rule for thousands of misspelt words", () => {
    const names = { zhytomyr: "житомирський", vinnytsia: "вінниччина" }; // stems of 11 and 9 letters
    const one = new CommunityGuesser(Object.entries(names).map(([id, name]) => ({ id, names: [name] })));
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31), seed % n);
    const letters = "житомрвнсчьаєї";
    let agreed = 0;
    for (let round = 0; round < 4_000; round++) {
      let word = plainStem(Object.values(names)[random(2)]!);
      for (let slips = 1 + random(2); slips > 0; slips--) {
        const at = random(word.length + 1);
        const kind = random(4);
        if (kind === 0) word = word.slice(0, at) + word.slice(at + 1);
        else if (kind === 1) word = word.slice(0, at) + letters[random(letters.length)] + word.slice(at);
        else if (kind === 2) word = word.slice(0, at) + letters[random(letters.length)] + word.slice(at + 1);
        else if (at + 1 < word.length) word = word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
      }
      word += ["", "а", "ому", "іх"][random(4)];
      const named = Object.entries(names).filter(([, name]) => plainNames(fold(word), plainStem(name)));
      const expected = named.length === 1 ? named[0]![0] : undefined;
      expect(one.guess(word)?.communityId, word).toBe(expected);
      if (expected) agreed++;
    }
    expect(agreed).toBeGreaterThan(500); // the words tried are not all too far to count
  });
});
