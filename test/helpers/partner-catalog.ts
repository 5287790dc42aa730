import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { ReferralsDefinition } from "../../src/catalog/schema.ts";
import { staffedCatalogDir } from "./staffed-catalog.ts";

/**
 * Partners that take referrals (issue 21), for tests only: the real catalogue names no partner's group
 * (no chat id is invented there). Caritas-Zhytomyr and the Ukrainian Charity Fund («Банк добра»), both
 * offering in-kind aid in the bundled catalogue, get a group and one staff member each.
 */
export const PARTNER_GROUPS = { "zt-caritas": -2001, "zt-ukrainian-charity-fund": -2002 } as const;
export const PARTNER_STAFF = { "zt-caritas": 8801, "zt-ukrainian-charity-fund": 8802 } as const;
export type TestPartner = keyof typeof PARTNER_GROUPS;

export const TEST_REFERRALS: Record<TestPartner, ReferralsDefinition> = {
  "zt-caritas": { chatId: PARTNER_GROUPS["zt-caritas"], services: ["in-kind-aid", "humanitarian-aid"], staffUserIds: [PARTNER_STAFF["zt-caritas"]], adminsAreStaff: false },
  "zt-ukrainian-charity-fund": {
    chatId: PARTNER_GROUPS["zt-ukrainian-charity-fund"],
    services: ["in-kind-aid"],
    staffUserIds: [PARTNER_STAFF["zt-ukrainian-charity-fund"]],
    adminsAreStaff: false,
  },
};

/** Adds the test partners' `referrals:` to a loaded community (in memory). */
export function withTestPartners<T extends { providers: Array<{ id: string; referrals?: ReferralsDefinition }> }>(community: T): T {
  for (const provider of community.providers) {
    const referrals = TEST_REFERRALS[provider.id as TestPartner];
    if (referrals) provider.referrals = referrals;
  }
  return community;
}

/** The staffed catalogue copy (departments with groups), with the test partners' groups added. */
export function partnerCatalogDir(): string {
  const dir = staffedCatalogDir();
  const file = path.join(dir, "zhytomyr.yaml");
  const document = parseDocument(readFileSync(file, "utf8"));
  const providers = document.get("providers") as { items: Array<{ get(key: string): unknown; set(key: string, value: unknown): void }> };
  for (const provider of providers.items) {
    const referrals = TEST_REFERRALS[String(provider.get("id")) as TestPartner];
    if (referrals) provider.set("referrals", document.createNode(referrals));
  }
  writeFileSync(file, document.toString());
  return dir;
}
