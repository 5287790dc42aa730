import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { Catalog } from "../../src/catalog/catalog.ts";
import { CatalogError, formatIssue, loadCatalogDirectory, loadCommunityFile } from "../../src/catalog/load.ts";
import { OTHER_PARTNERS, referralFigures, referralTable, type ReportReferral } from "../../src/referrals/report.ts";
import { Partners } from "../../src/referrals/partners.ts";
import { reportStrings } from "../../src/report/strings.ts";
import { partnerCatalogDir, PARTNER_GROUPS } from "../helpers/partner-catalog.ts";
import { STAFF_GROUPS } from "../helpers/staffed-catalog.ts";

/** Issue 21: partners in the catalogue files (validated with file:line), and referrals in the public report («<5»). */

function issuesWith(change: (providers: { items: Array<{ get(key: string): unknown; set(key: string, value: unknown): void }> }, document: ReturnType<typeof parseDocument>) => void): string[] {
  const dir = partnerCatalogDir();
  const file = path.join(dir, "zhytomyr.yaml");
  const document = parseDocument(readFileSync(file, "utf8"));
  change(document.get("providers") as never, document);
  writeFileSync(file, document.toString());
  try {
    loadCommunityFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CatalogError);
    return (error as CatalogError).issues.map(formatIssue);
  }
  return [];
}

describe("partners in the catalogue", () => {
  it("reads a provider's referrals: its group, the services it takes, its staff", () => {
    const catalog = new Catalog(loadCatalogDirectory(partnerCatalogDir()));
    const partners = new Partners(catalog);
    const caritas = partners.get("zhytomyr/zt-caritas")!;
    expect(caritas.referrals).toEqual({ chatId: PARTNER_GROUPS["zt-caritas"], services: ["in-kind-aid", "humanitarian-aid"], staffUserIds: [8801], adminsAreStaff: false });
    expect(partners.at("zhytomyr", caritas.index)?.key).toBe("zhytomyr/zt-caritas");
    // The bundled catalogue invents no partner's group.
    expect(new Partners(new Catalog(loadCatalogDirectory())).forService("zhytomyr", "in-kind-aid")).toEqual([]);
  });

  it("refuses a service the partner does not offer, and a department's group as a partner's", () => {
    const caritas = (providers: { items: Array<{ get(key: string): unknown }> }) => providers.items.find((p) => p.get("id") === "zt-caritas") as unknown as { setIn(path: unknown[], value: unknown): void };
    const notOffered = issuesWith((providers) => caritas(providers).setIn(["referrals", "services"], ["social-taxi"]));
    expect(notOffered.join("\n")).toMatch(/zhytomyr\.yaml:\d+.*referrals\.services\[0\].*"social-taxi" is not among the provider's offers/);
    const departmentGroup = issuesWith((providers) => caritas(providers).setIn(["referrals", "chatId"], STAFF_GROUPS["benefits-and-aid"]));
    expect(departmentGroup.join("\n")).toMatch(/referrals\.chatId.*a department's group/);
    const positive = issuesWith((providers) => caritas(providers).setIn(["referrals", "chatId"], 12345));
    expect(positive.join("\n")).toMatch(/referrals\.chatId/);
  });
});

describe("referrals in the public report", () => {
  const many = (providerKey: string, status: ReportReferral["status"], n: number): ReportReferral[] => Array.from({ length: n }, () => ({ communityId: "zhytomyr", providerKey, status }));

  it("counts by partner and outcome; «<5» below the threshold; small partners together as «other»", () => {
    const figures = referralFigures([
      ...many("zhytomyr/zt-caritas", "done", 6),
      ...many("zhytomyr/zt-caritas", "refused", 2),
      ...many("zhytomyr/zt-caritas", "sent", 1),
      ...many("zhytomyr/zt-utog", "accepted", 2),
      ...many("zhytomyr/zt-utos", "declined", 1),
    ]);
    expect(figures).toHaveLength(1);
    const [caritas, other] = figures[0]!.partners;
    expect(caritas).toEqual({
      partner: "zhytomyr/zt-caritas",
      total: 9,
      outcomes: { refused: "<5", accepted: "<5", declined: "<5", done: 6, returned: "<5", pending: "<5" },
    });
    // UTOG and UTOS had 2 and 1: neither is named, their 3 together are «<5».
    expect(other).toEqual({ partner: OTHER_PARTNERS, total: "<5", outcomes: { refused: "<5", accepted: "<5", declined: "<5", done: "<5", returned: "<5", pending: "<5" } });
    const html = referralTable(figures[0]!, { catalog: new Catalog(loadCatalogDirectory()), locale: "uk", t: reportStrings("uk") });
    expect(html).toContain("Карітас-Житомир");
    expect(html).toContain("Інші партнери");
    expect(html).not.toMatch(/УТОГ|УТОС/);
  });
});
