import type { Catalog } from "../catalog/catalog.ts";
import type { PrismaClient } from "../db/client.ts";
import { count, MIN_CELL, type Count } from "../report/figures.ts";
import { escapeHtml } from "../report/html.ts";
import type { ReferralStatus } from "./lifecycle.ts";

/**
 * Referrals in the public report (issue 21): per community, how many went to each partner and how they
 * ended — the resident did not agree, accepted, declined, help given, no answer in time. Read from
 * anonymous columns only (community, partner, status), every count below MIN_CELL shown as «<5», and
 * partners with fewer than MIN_CELL referrals counted together as «other partners», so no row names a
 * partner one or two residents were referred to.
 */

export interface ReportReferral {
  communityId: string;
  providerKey: string;
  status: ReferralStatus;
}

/** How a referral stands or ended, as the report groups it: still open (asked, sent) is «pending». */
export const REFERRAL_OUTCOMES = ["refused", "accepted", "declined", "done", "returned", "pending"] as const;
export type ReferralOutcome = (typeof REFERRAL_OUTCOMES)[number];

export const OTHER_PARTNERS = "other" as const;

export interface PartnerReferralFigures {
  /** Provider key, or "other" for every partner under the threshold, together. */
  partner: string;
  total: Count;
  outcomes: Record<ReferralOutcome, Count>;
}

export interface CommunityReferralFigures {
  communityId: string;
  partners: PartnerReferralFigures[];
}

export async function loadReportReferrals(prisma: PrismaClient): Promise<ReportReferral[]> {
  const rows = await prisma.referral.findMany({ select: { providerKey: true, status: true, request: { select: { communityId: true } } } });
  return rows.map((row) => ({ communityId: row.request.communityId, providerKey: row.providerKey, status: row.status }));
}

function outcomeOf(status: ReferralStatus): ReferralOutcome | undefined {
  if (status === "asked" || status === "sent") return "pending";
  // A withdrawn referral (the request closed or erased first) is in the total only.
  return status === "withdrawn" ? undefined : status;
}

function figures(partner: string, list: readonly ReportReferral[]): PartnerReferralFigures {
  const tally = new Map<ReferralOutcome, number>();
  for (const referral of list) {
    const outcome = outcomeOf(referral.status);
    if (outcome) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  }
  return {
    partner,
    total: count(list.length),
    outcomes: Object.fromEntries(REFERRAL_OUTCOMES.map((outcome) => [outcome, count(tally.get(outcome) ?? 0)])) as Record<ReferralOutcome, Count>,
  };
}

/** The report's referral figures, per community (only those with referrals), partners by most referrals. */
export function referralFigures(referrals: readonly ReportReferral[]): CommunityReferralFigures[] {
  const byCommunity = new Map<string, Map<string, ReportReferral[]>>();
  for (const referral of referrals) {
    const partners = byCommunity.get(referral.communityId) ?? new Map<string, ReportReferral[]>();
    partners.set(referral.providerKey, [...(partners.get(referral.providerKey) ?? []), referral]);
    byCommunity.set(referral.communityId, partners);
  }
  return [...byCommunity.keys()].sort().map((communityId) => {
    const groups = [...byCommunity.get(communityId)!].sort(([a, x], [b, y]) => y.length - x.length || a.localeCompare(b));
    const few = groups.filter(([, list]) => list.length < MIN_CELL).flatMap(([, list]) => list);
    const partners = groups.filter(([, list]) => list.length >= MIN_CELL).map(([key, list]) => figures(key, list));
    if (few.length > 0) partners.push(figures(OTHER_PARTNERS, few));
    return { communityId, partners };
  });
}

/** A partner's name in the report's language («other partners» for the group under the threshold). */
export function reportPartnerName(catalog: Catalog, partner: string, locale: "uk" | "en", other: string): string {
  if (partner === OTHER_PARTNERS) return other;
  const [communityId, slug] = partner.split("/");
  const provider = catalog.communities.get(communityId!)?.providers.find((candidate) => candidate.id === slug);
  return (locale === "en" ? provider?.name.en : undefined) ?? provider?.name.uk ?? slug ?? partner;
}


/** The page's table of a community's referrals: a row per partner, a column per outcome. */
export function referralTable(community: CommunityReferralFigures, { catalog, locale, t }: { catalog: Catalog; locale: "uk" | "en"; t: (key: string) => string }): string {
  const number = new Intl.NumberFormat(locale === "en" ? "en-GB" : "uk-UA");
  const cell = (value: Count) => (typeof value === "number" ? number.format(value) : value);
  const cols = [
    { label: t("report-referrals-total"), value: (row: PartnerReferralFigures) => row.total },
    ...REFERRAL_OUTCOMES.map((outcome) => ({ label: t(`report-referrals-${outcome}`), value: (row: PartnerReferralFigures) => row.outcomes[outcome] })),
  ];
  const head = `<tr><th scope="col">${escapeHtml(t("report-referrals-partner"))}</th>${cols.map((c) => `<th scope="col">${escapeHtml(c.label)}</th>`).join("")}</tr>`;
  const body = community.partners
    .map(
      (row) =>
        `<tr><th scope="row">${escapeHtml(reportPartnerName(catalog, row.partner, locale, t("report-referrals-other")))}</th>${cols.map((c) => `<td data-label="${escapeHtml(c.label)}">${escapeHtml(cell(c.value(row)))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  return `<table class="referrals"><caption>${escapeHtml(t("report-referrals-caption"))}</caption><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`;
}
