import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CatalogError, DEFAULT_CATALOG_DIR, formatIssue, loadCatalogDirectory, loadCommunityFile } from "../../src/catalog/load.ts";
import { isUkrainianPhone, SERVICE_IDS } from "../../src/catalog/schema.ts";

/** A small, valid community file; each test breaks one thing in it. */
const VALID = `version: 1
community:
  id: testville
  name: { uk: Тестове, en: Testville }
  requestPrefix: ТС
providers:
  - id: centre
    name: { uk: Центр }
    kind: municipal
    phones: ["(0412) 48-12-12"]
    offers:
      - service: home-care
        phones: ["+380 67 123 45 67"]
departments:
  - id: reception
    name: { uk: Приймальня }
    general: true
    services: [information]
  - id: care
    name: { uk: Догляд }
    services: [home-care]
`;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "hromada-catalog-"));
  copyFileSync(path.join(DEFAULT_CATALOG_DIR, "services.yaml"), path.join(dir, "services.yaml"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function issuesOf(text: string, file = "town.yaml"): string[] {
  writeFileSync(path.join(dir, file), text);
  try {
    loadCommunityFile(path.join(dir, file));
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).issues.map(formatIssue);
  }
  return [];
}

describe("catalog validation", () => {
  it("accepts a valid file", () => {
    expect(issuesOf(VALID)).toEqual([]);
  });

  it("names a missing id with its file, line and path", () => {
    const issues = issuesOf(VALID.replace("  - id: centre\n    name: { uk: Центр }", "  - name: { uk: Центр }"));
    expect(issues).toEqual([expect.stringMatching(/town\.yaml:7: providers\[0\]\.id is missing/)]);
  });

  it("catches a duplicate id", () => {
    const issues = issuesOf(VALID.replace("  - id: care\n", "  - id: reception\n"));
    expect(issues).toEqual([expect.stringMatching(/town\.yaml:\d+: departments\[1\]\.id "reception" is a duplicate department id/)]);
  });

  it("catches a duplicate service id in the services file", () => {
    const servicesFile = path.join(dir, "services.yaml");
    const text = readFileSync(servicesFile, "utf8");
    writeFileSync(servicesFile, text.replace("  - id: day-care\n", "  - id: home-care\n"));
    const issues = issuesOf(VALID);
    expect(issues.some((issue) => /services\.yaml:\d+: services\[\d+\]\.id "home-care" is a duplicate/.test(issue))).toBe(true);
    expect(issues.some((issue) => /lacks services the product relies on \(DOMAIN\.md\): day-care/.test(issue))).toBe(true);
  });

  it("catches a bad phone, naming the line of the phone itself", () => {
    const issues = issuesOf(VALID.replace('"+380 67 123 45 67"', '"067-12"'));
    expect(issues).toEqual([
      expect.stringMatching(/^.*town\.yaml:13: providers\[0\]\.offers\[0\]\.phones\[0\] is not a Ukrainian phone number/),
    ]);
  });

  it("catches an unknown service id in a department's routing and in an offer", () => {
    const issues = issuesOf(VALID.replace("services: [home-care]", "services: [home-kare]").replace("- service: home-care", "- service: taxi"));
    expect(issues).toContainEqual(expect.stringMatching(/providers\[0\]\.offers\[0\]\.service names an unknown service id "taxi"/));
    expect(issues).toContainEqual(expect.stringMatching(/town\.yaml:21: departments\[1\]\.services\[0\] routes an unknown service id "home-kare"/));
  });

  it("reports every problem at once, not just the first", () => {
    const broken = VALID.replace('"(0412) 48-12-12"', '"12"')
      .replace("kind: municipal", "kind: company")
      .replace("    general: true\n", "")
      .replace("requestPrefix: ТС", "requestPrefix: tst");
    const issues = issuesOf(broken);
    expect(issues.length).toBeGreaterThanOrEqual(3);
    expect(issues.join("\n")).toMatch(/community\.requestPrefix must be 2–4 capital letters/);
    expect(issues.join("\n")).toMatch(/providers\[0\]\.phones\[0\] is not a Ukrainian phone number/);
    expect(issues.join("\n")).toMatch(/providers\[0\]\.kind/);
  });

  it("requires exactly one general department and catches a service routed twice", () => {
    const issues = issuesOf(VALID.replace("    general: true\n", "").replace("services: [information]", "services: [home-care]"));
    expect(issues).toContainEqual(expect.stringMatching(/departments must have exactly one department with general: true \(found 0\)/));
    expect(issues).toContainEqual(expect.stringMatching(/"home-care" is already routed to department "reception"/));
  });

  it("catches a misspelt field instead of silently dropping it", () => {
    const issues = issuesOf(VALID.replace("kind: municipal", "kind: municipal\n    adress: вул. Київська, 1"));
    expect(issues).toEqual([expect.stringMatching(/providers\[0\].*adress/)]);
  });

  it("reports broken YAML with its line", () => {
    const issues = issuesOf(VALID.replace("  id: testville", "  id: [testville"));
    expect(issues[0]).toMatch(/town\.yaml:\d+: is not valid YAML/);
  });
});

describe("the bundled catalogue", () => {
  const catalog = loadCatalogDirectory();

  it("describes every service id of DOMAIN.md, in both communities' routing", () => {
    expect(catalog.services.map((s) => s.id).sort()).toEqual([...SERVICE_IDS].sort());
    for (const community of catalog.communities) {
      const routed = community.departments.flatMap((d) => d.services).sort();
      expect(routed, community.id).toEqual([...SERVICE_IDS].sort());
    }
    expect(catalog.communities.map((c) => c.id).sort()).toEqual(["vinnytsia", "zhytomyr"]);
  });

  it("marks every provider and offer it could not verify", () => {
    for (const community of catalog.communities) {
      for (const provider of community.providers) {
        expect(provider.verified || Boolean(provider.source), provider.id).toBe(true);
        for (const offer of provider.offers) expect(offer.verified || Boolean(offer.source), `${provider.id}/${offer.service}`).toBe(true);
      }
    }
  });
});

describe("Ukrainian phone numbers", () => {
  it.each(["+380 67 123 45 67", "+380671234567", "067 123 45 67", "(0412) 48-12-12", "0 800 500 335", "112", "15-47", "116 123", "7333"])(
    "accepts %s",
    (phone) => expect(isUkrainianPhone(phone)).toBe(true),
  );
  it.each(["48-12-12", "+7 495 123 45 67", "12", "067-12", "phone", "+380 67 123 45", "0412 48 12 12 12"])("rejects %s", (phone) =>
    expect(isUkrainianPhone(phone)).toBe(false),
  );
});
