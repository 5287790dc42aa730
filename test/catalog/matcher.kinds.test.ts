/**
 * Kinds of misses seen on held-out messages, each with several messages of our own wording (Ukrainian,
 * Russian, surzhyk, English), against the real catalogue and its situations:
 * - losing a job in the resident's own words (скоротили, звільнили, уволили) is a need for employment;
 * - a message about being displaced puts help for the displaced first, before generic aid;
 * - short English words do not fuzzily become other English words (card → care / hard);
 * - one everyday word of a situation («клас») does not match on its own.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";
import { servicesFileSchema } from "../../src/catalog/schema.ts";
import { loadSituations } from "../../src/catalog/situations.ts";
import { buildMatcher } from "../../src/catalog/matcher/index.ts";

describe("kinds of misses, fixed as kinds", () => {
  const catalogue = servicesFileSchema.parse(parse(readFileSync(path.join(DEFAULT_CATALOG_DIR, "services.yaml"), "utf8")));
  const ids = new Set(catalogue.services.map((s) => s.id));
  const matcher = buildMatcher(catalogue.services, { situations: loadSituations(undefined, ids) });
  const top = (q: string, n = 3) => matcher.search(q, n).map((r) => r.serviceId);

  it.each([
    "мене скоротили на заводі, що тепер робити",
    "чоловіка звільнили з роботи, нема за що жити",
    "втратила роботу після закриття фабрики",
    "меня уволили с работы, что делать",
    "сократили на работе, ищу где подработать",
    "мене уволили з роботи в березні",
    "залишився без роботи",
  ])("a lost job is a need for employment: %s", (q) => {
    expect(top(q)).toContain("employment");
  });

  it("being released from prison is still not a lost job", () => {
    expect(top("брат звільнився з в'язниці")[0]).toBe("social-integration");
  });

  it.each([
    "переселенка з двома дітьми, потрібні гроші",
    "мы беженцы из харькова, помогите, нет денег",
    "ми з донецька, переселенці, треба ліки",
    "я впошниця, потрібен одяг для дітей",
    "переехали из херсона, нужна помощь",
  ])("a displaced person's message puts help for the displaced first: %s", (q) => {
    expect(top(q)[0]).toBe("idp-support");
  });

  it("a message without displacement keeps its own order (no idp-support pushed in)", () => {
    expect(top("нема грошей на ліки")).not.toContain("idp-support");
  });

  it.each(["card", "my mom needs a card for pension", "I lost my card", "bank card"])(
    "a short English word is not read as another one: %s",
    (q) => {
      expect(matcher.explain(q).tokens.find((t) => t.word === "card")?.matches ?? []).toEqual([]);
      expect(top(q).filter((id) => id === "home-care" || id === "residential-care")).toEqual([]);
    },
  );

  it("a long English word still forgives a typo", () => {
    expect(top("wheelchiar")).toContain("assistive-devices");
    expect(top("psycholgist for my son")).toContain("psychological-support");
  });

  it.each(["у сина в класі завтра контрольна", "в классе у дочки карантин", "класний керівник не відповідає"])(
    "one everyday word of a situation does not match alone: %s",
    (q) => {
      expect(matcher.search(q)).toEqual([]);
    },
  );

  it("the situation said in full still finds its service", () => {
    expect(top("донька йде в перший клас, потрібен асистент")).toContain("inclusive-education-support");
    expect(top("син першокласник, потрібен супровід у школі")).toContain("inclusive-education-support");
  });
});
