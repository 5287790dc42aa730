import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { parse } from "yaml";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SERVICE_IDS, servicesFileSchema } from "../../src/catalog/schema.ts";
import { loadSituations, parseSituations, situationsForCatalog, SituationsError } from "../../src/catalog/situations.ts";
import { buildMatcher, type SearchableService } from "../../src/catalog/matcher/index.ts";

const KNOWN = new Set(["home-care", "shelter"]);

describe("situations file", () => {
  it("the bundled file is valid against the domain's service ids and has situations and off-topic markers", () => {
    const data = loadSituations(undefined, new Set(SERVICE_IDS));
    expect(data.situations.length).toBeGreaterThan(20);
    expect(data.offTopic.length).toBeGreaterThan(3);
  });

  it("refuses an unknown service id, naming the situation", () => {
    const text = "version: 1\nsituations:\n  - id: eviction\n    services: [shelter, shelterr]\n    phrases: [\"виганяють\"]\n";
    expect(() => parseSituations(text, KNOWN)).toThrowError(SituationsError);
    expect(() => parseSituations(text, KNOWN)).toThrowError(/eviction.*shelterr/);
  });

  it("refuses a situation without phrases and a duplicate id", () => {
    expect(() => parseSituations("version: 1\nsituations:\n  - id: a\n    services: [shelter]\n    phrases: []\n", KNOWN)).toThrowError(SituationsError);
    const dup = "version: 1\nsituations:\n  - id: a\n    services: [shelter]\n    phrases: [x]\n  - id: a\n    services: [home-care]\n    phrases: [y]\n";
    expect(() => parseSituations(dup, KNOWN)).toThrowError(/duplicate/);
  });

  it("a catalogue folder without its own file gets the bundled situations of its services only", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "situations-"));
    const data = situationsForCatalog(dir, KNOWN);
    for (const s of data.situations) for (const id of s.services) expect(KNOWN.has(id)).toBe(true);
    writeFileSync(path.join(dir, "situations.yaml"), "version: 1\nsituations:\n  - id: x\n    services: [nope]\n    phrases: [y]\n");
    expect(() => situationsForCatalog(dir, KNOWN)).toThrowError(/nope/);
  });
});

describe("situations in the matcher", () => {
  const services: SearchableService[] = [
    { id: "home-care", name: { uk: "Догляд вдома" }, summary: { uk: "Соціальний працівник приходить додому." }, synonyms: ["доглядальниця"] },
    { id: "shelter", name: { uk: "Надання притулку" }, summary: { uk: "Тимчасовий нічліг." }, synonyms: ["нічліг"] },
  ];
  const situations = parseSituations(
    "version: 1\nsituations:\n  - id: eviction\n    services: [shelter]\n    phrases: [\"виганяють з квартири\"]\n  - id: bedridden\n    services: [home-care]\n    phrases: [\"лежача\"]\noffTopic: [\"продам\"]\n",
    KNOWN,
  );
  const plain = buildMatcher(services);
  const withSituations = buildMatcher(services, { situations });

  it("a situation finds its service, which the names alone do not", () => {
    const story = "добрий день, мене виганяють з квартири, куди йти";
    expect(plain.search(story)).toEqual([]);
    expect(withSituations.search(story)[0]?.serviceId).toBe("shelter");
    expect(withSituations.search("мама лежача")[0]?.serviceId).toBe("home-care");
  });

  it("an off-topic marker keeps a message from matching", () => {
    expect(withSituations.search("лежача")[0]?.serviceId).toBe("home-care");
    expect(withSituations.search("продам ліжко для лежачої недорого")).toEqual([]);
  });

  it("explain names the situation that gave the evidence", () => {
    const top = withSituations.explain("мене виганяють з квартири").candidates[0]!;
    expect(top.serviceId).toBe("shelter");
    expect(top.because.some((b) => b.field === "situation" && b.text.includes("[eviction]"))).toBe(true);
  });
});

describe("the real catalogue: abbreviations, slang, off-topic", () => {
  const catalogue = servicesFileSchema.parse(parse(readFileSync(path.join(DEFAULT_CATALOG_DIR, "services.yaml"), "utf8")));
  const ids = new Set(catalogue.services.map((s) => s.id));
  const matcher = buildMatcher(catalogue.services, { situations: loadSituations(undefined, ids) });
  const top = (q: string) => matcher.search(q, 3).map((r) => r.serviceId);

  it("keeps known short abbreviations and reads slang", () => {
    expect(top("РЦ для дитини з аутизмом")).toContain("child-rehabilitation");
    expect(top("МСЕК")[0]).toBe("disability-status");
    expect(top("ТЗР")[0]).toBe("assistive-devices");
    expect(top("ЦСС")).toContain("social-accompaniment");
    expect(top("субса")[0]).toBe("housing-subsidy");
    expect(top("соцавто")[0]).toBe("social-taxi");
    expect(top("ВПОшниця")[0]).toBe("idp-support");
    expect(top("памперси для дорослих")[0]).toBe("assistive-devices");
  });

  it("reads ii / iy transliteration as «ій»", () => {
    expect(top("pomichnyk dlia viiskovykh")).toContain("veteran-assistant");
  });

  it("says nothing to repairs and sales of things a synonym names", () => {
    expect(matcher.search("ремонт пральної машини")).toEqual([]);
    expect(matcher.search("продам інвалідний візок недорого")).toEqual([]);
  });
});

describe("people: words for a person that say what the catalogue calls such a person", () => {
  const KNOWN_HERE = new Set(["assistive-devices", "social-rehabilitation", "child-rehabilitation", "financial-aid"]);
  const services: SearchableService[] = [
    { id: "assistive-devices", name: { uk: "Технічні засоби реабілітації" }, summary: { uk: "Візки, ходунки." }, synonyms: ["памперси для дорослих"] },
    { id: "social-rehabilitation", name: { uk: "Соціальна реабілітація" }, summary: { uk: "Відновлення навичок." }, synonyms: ["реабілітація дорослих"] },
    { id: "child-rehabilitation", name: { uk: "Реабілітація дітей" }, summary: { uk: "Центр для дітей." }, synonyms: ["реабілітація дітей"] },
    { id: "financial-aid", name: { uk: "Матеріальна допомога" }, summary: { uk: "Гроші з бюджету." }, synonyms: ["гроші на ремонт після обстрілу"] },
  ];
  const text = [
    "version: 1",
    "situations: []",
    "people:",
    "  - id: older",
    "    means: [дорослий]",
    "    words: [бабуся, дідусь]",
    "  - id: parent",
    "    means: [дорослий]",
    "    after: [для]",
    "    words: [мама]",
    "  - id: to-whom",
    "    means: [дорослий]",
    "    forms: [мамі]",
    "offTopic: [ремонт, недорого]",
  ].join("\n");
  const data = parseSituations(text, KNOWN_HERE);
  const plain = buildMatcher(services, { situations: { ...data, people: [] } });
  const matcher = buildMatcher(services, { situations: data });
  const phraseOf = (m: typeof matcher, q: string, id: string) => m.explain(q).candidates.find((c) => c.serviceId === id)?.phrase ?? 0;
  const adultMatch = (q: string, word: string) =>
    matcher.explain(q).tokens.find((t) => t.word === word)!.matches.some((m) => m.stem === "доросл");

  it("reads «для бабусі» as an adult: the adult product's phrase is said (nearly) in full", () => {
    expect(data.people?.map((p) => p.id)).toEqual(["older", "parent", "to-whom"]);
    expect(phraseOf(matcher, "памперси для бабусі", "assistive-devices")).toBeGreaterThan(0.7);
    expect(phraseOf(plain, "памперси для бабусі", "assistive-devices")).toBeLessThan(0.5);
    expect(matcher.search("памперси для дідуся")[0]?.serviceId).toBe("assistive-devices");
  });

  it("a group with `after` holds only after those words, with at most a pronoun between", () => {
    expect(adultMatch("реабілітація для мами", "мами")).toBe(true);
    expect(adultMatch("реабілітація для моєї мами", "мами")).toBe(true);
    expect(adultMatch("я мама, реабілітація для сина", "мама")).toBe(false);
    expect(matcher.search("реабілітація для мами")[0]?.serviceId).toBe("social-rehabilitation");
  });

  it("`means` only completes a phrase the message says: a word for a person alone meets nothing through it", () => {
    expect(matcher.search("для мами")).toEqual([]);
    expect(matcher.search("дідусь")).toEqual([]);
    expect(matcher.explain("мамі 80").candidates.find((c) => c.serviceId === "social-rehabilitation")?.evidence ?? 0).toBe(0);
  });

  it("a group of forms holds for those forms as written only («мамі», not «мами», which folds the same)", () => {
    expect(adultMatch("памперси мамі", "мамі")).toBe(true);
    expect(adultMatch("памперси мами", "мами")).toBe(false);
  });

  it("refuses a duplicate group id and a group without words or forms", () => {
    expect(() => parseSituations("version: 1\nsituations: []\npeople:\n  - id: a\n    means: [x]\n", KNOWN_HERE)).toThrowError(/people\[0\] "a" has no words or forms/);
    const dup = "version: 1\nsituations: []\npeople:\n  - id: a\n    means: [x]\n    words: [y]\n  - id: a\n    means: [x]\n    words: [z]\n";
    expect(() => parseSituations(dup, KNOWN_HERE)).toThrowError(/people\[1\] "a" is a duplicate/);
  });

  it("an off-topic marker inside a phrase said in full is part of the need, unless the message has other markers", () => {
    const need = matcher.search("гроші на ремонт після обстрілу")[0];
    expect(need?.serviceId).toBe("financial-aid");
    // Not halved as an off-topic message is (its phrase is said in full: about 1).
    expect(need!.score).toBeGreaterThan(0.9);
    expect(matcher.search("гроші на ремонт після обстрілу недорого")).toEqual([]);
    expect(matcher.search("ремонт дому недорого")).toEqual([]);
  });
});
