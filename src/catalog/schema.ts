import { z } from "zod";

/**
 * The catalogue files in data/catalog/ are the source of truth that operators edit by hand.
 * This module is their contract: one zod schema per file kind, so `catalog validate` can name every
 * error with its path. The shape follows Open Referral HSDS (organization → service → location) closely
 * enough that an HSDS export is a mapping: provider ≈ organization, service ≈ service,
 * offer ≈ service_at_location with its location, phones and schedule.
 */

/** The stable ids of ../shared/DOMAIN.md: part of the product's interface (search results, routing). */
export const SERVICE_IDS = [
  "home-care",
  "residential-care",
  "day-care",
  "palliative-care",
  "supported-living",
  "social-adaptation",
  "social-integration",
  "social-rehabilitation",
  "child-rehabilitation",
  "early-intervention",
  "inclusive-education-support",
  "respite-care",
  "social-accompaniment",
  "counselling",
  "psychological-support",
  "resilience",
  "crisis-intervention",
  "shelter",
  "mediation",
  "legal-aid",
  "information",
  "in-kind-aid",
  "humanitarian-aid",
  "financial-aid",
  "housing-subsidy",
  "disability-status",
  "assistive-devices",
  "sign-language",
  "physical-accompaniment",
  "social-taxi",
  "foster-family",
  "idp-support",
  "veteran-assistant",
  "employment",
  "supported-employment",
  "accessibility-request",
] as const;

/** Who a service is for: the recipient categories of DOMAIN.md. The finder's "who are they" step uses them. */
export const RECIPIENT_CATEGORIES = [
  "older-people",
  "disability",
  "children-with-disability",
  "families-with-children",
  "orphans-and-foster",
  "idp",
  "veterans",
  "violence-affected",
  "homeless",
  "released-from-prison",
  "low-income",
  "unemployed",
  "gravely-ill",
  "everyone",
] as const;
export type RecipientCategory = (typeof RECIPIENT_CATEGORIES)[number];

export const PROVIDER_KINDS = ["municipal", "state", "ngo", "charity", "religious", "international"] as const;

const slug = z
  .string({ error: (issue) => (issue.input === undefined ? "is missing: every entry needs an id" : "must be a text id") })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lower-case latin letters, digits and dashes (like home-care)");

const text = z
  .string({ error: (issue) => (issue.input === undefined ? "is missing" : "must be text") })
  .trim()
  .min(1, "must not be empty");

/** A text residents read, in both languages the bot speaks. Ukrainian is required; English falls back to it. */
export const localizedText = z.strictObject({ uk: text, en: text.optional() }, { error: "must have uk: (and en:) texts" });
export const localizedList = z.strictObject({ uk: z.array(text), en: z.array(text).optional() });

/**
 * Ukrainian phone formats as printed on leaflets: +380 XX XXX XX XX, 0XX XXX XX XX, (0412) 48-12-12,
 * and the short hotlines (112, 15-47, 116 123, 7333).
 */
export function isUkrainianPhone(value: string): boolean {
  const trimmed = value.trim();
  if (!/^\+?[\d\s()\-]+$/.test(trimmed)) return false;
  const digits = trimmed.replace(/\D/g, "");
  if (trimmed.startsWith("+")) return /^380\d{9}$/.test(digits);
  // A city number without its area code (48-12-12) cannot be dialled from a mobile: not accepted.
  return /^380\d{9}$/.test(digits) || /^0\d{9}$/.test(digits) || /^\d{3,4}$/.test(digits) || /^116\d{3}$/.test(digits);
}

const phone = z.string().refine(isUkrainianPhone, {
  message: "is not a Ukrainian phone number (expected +380 XX XXX XX XX, (0XXX) XX-XX-XX or a short hotline like 15-47)",
});

const webAddress = z.url({ protocol: /^https?$/, error: "is not a web address (http:// or https://)" });

/**
 * Facts taken from a source we could not check mark themselves `verified: false`; the bot shows them
 * with a note to call ahead. Never invent a phone or an address: leave it out.
 */
const provenance = {
  /** true only for facts the organisation itself confirmed. */
  verified: z.boolean().default(false),
  /** Where the contact facts of this entry come from: the page's address (https://…) or a note. */
  source: z.string().optional(),
  /** The date the source page states for these facts: 2024-12-04, or 2024-12 / 2024 when it gives no day. */
  sourceDate: z
    .string()
    .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, "must be a date like 2024-12-04 (or 2024-12, 2024)")
    .optional(),
};

export const serviceSchema = z.strictObject({
  /** Stable: search results, routing and tests name services by it. DOMAIN.md's ids must all be present. */
  id: slug,
  name: localizedText,
  /** One line that says what it is, in plain words. */
  summary: localizedText,
  description: localizedText.optional(),
  /** How residents really name it: colloquial, Russian, surzhyk, abbreviations, English. Feeds the matcher. */
  synonyms: z.array(text).default([]),
  categories: z.array(z.enum(RECIPIENT_CATEGORIES)).min(1, "must name at least one recipient category"),
  free: z.boolean().optional(),
  documents: localizedList.optional(),
  howToApply: localizedText.optional(),
});
export type ServiceDefinition = z.infer<typeof serviceSchema>;

export const servicesFileSchema = z.strictObject({
  version: z.literal(1),
  services: z.array(serviceSchema).min(1),
});

export const offerSchema = z.strictObject({
  service: slug,
  address: text.optional(),
  district: text.optional(),
  phones: z.array(phone).default([]),
  hours: localizedText.optional(),
  email: z.email("is not an e-mail address").optional(),
  website: webAddress.optional(),
  accessibility: localizedText.optional(),
  note: localizedText.optional(),
  ...provenance,
});
export type OfferDefinition = z.infer<typeof offerSchema>;

/**
 * A partner that takes referrals (issue 21): its own Telegram group, where referral cards arrive, and
 * the services it accepts referrals for (each one it offers). Who may act there: the listed staff, or
 * the group's admins where `adminsAreStaff`. A partner's group is never a department's group.
 */
export const referralsSchema = z.strictObject({
  chatId: z.number().int().negative("must be a group's chat id, a negative number like -1001234567890"),
  services: z.array(slug).min(1, "must name at least one service the partner accepts referrals for"),
  staffUserIds: z.array(z.number().int().positive()).default([]),
  adminsAreStaff: z.boolean().default(false),
});
export type ReferralsDefinition = z.infer<typeof referralsSchema>;

export const providerSchema = z.strictObject({
  id: slug,
  name: localizedText,
  kind: z.enum(PROVIDER_KINDS),
  address: text.optional(),
  phones: z.array(phone).default([]),
  email: z.email("is not an e-mail address").optional(),
  website: webAddress.optional(),
  note: localizedText.optional(),
  offers: z.array(offerSchema).default([]),
  /**
   * The provider's own Telegram chat (a group, negative id, or a person, positive id): every
   * FRESHNESS_DAYS the bot asks it whether these details are still right.
   */
  contactChatId: z.number().int().refine((id) => id !== 0, "must be a Telegram chat id").optional(),
  /** What was looked for in public pages and not found (for operators and the coverage table). */
  notFound: text.optional(),
  /** Referrals with the resident's consent (issue 21): the partner's group and the services it takes. */
  referrals: referralsSchema.optional(),
  ...provenance,
});
export type ProviderDefinition = z.infer<typeof providerSchema>;

export const departmentSchema = z.strictObject({
  id: slug,
  name: localizedText,
  /** Requests for services no other department claims land here. Exactly one per community. */
  general: z.boolean().default(false),
  /** The staff group's chat id (a negative number); set by the operator after adding the bot. */
  chatId: z.number().int().negative("must be a group's chat id, a negative number like -1001234567890").optional(),
  /** Telegram user ids of staff allowed to act on cards. */
  staffUserIds: z.array(z.number().int().positive()).default([]),
  /** The group is a forum: each request gets its own topic. */
  forumTopics: z.boolean().default(false),
  /** Whether the group's administrators count as staff too. */
  adminsAreStaff: z.boolean().default(false),
  /** Telegram user ids of staff who may send residents announcements from the group (/announce). */
  announcerUserIds: z.array(z.number().int().positive()).default([]),
  /** A request not taken within this many hours is announced again. */
  reminderHours: z.number().positive().default(24),
  /** Saved replies staff send with `/r KEY` (a short latin key, the text as the resident reads it). */
  replies: z.record(z.string().regex(/^[a-z0-9_-]{1,24}$/, "a short latin key: letters, digits, - or _"), z.string().trim().min(1).max(3500)).optional(),
  services: z.array(slug),
});
export type DepartmentDefinition = z.infer<typeof departmentSchema>;

/** A topic of announcements residents may subscribe to (events and fairs, new services, …). */
export const announcementTopicSchema = z.strictObject({
  /** Stable: subscriptions name topics by it. */
  id: slug,
  name: localizedText,
});
export type AnnouncementTopic = z.infer<typeof announcementTopicSchema>;

export const communityFileSchema = z.strictObject({
  version: z.literal(1),
  community: z.strictObject({
    id: slug,
    name: localizedText,
    /** Prefix of request numbers, e.g. ЖТ → ЖТ-2026-00042. */
    requestPrefix: z.string().regex(/^[А-ЯІЇЄҐA-Z]{2,4}$/u, "must be 2–4 capital letters, like ЖТ"),
    /** Path of the shared services file, relative to this file (ignored when `services:` is inline). */
    services: z.string().default("services.yaml"),
  }),
  /** Services inline, as `catalog export --format yaml` writes them, so an export imports as it is. */
  services: z.array(serviceSchema).optional(),
  providers: z.array(providerSchema).default([]),
  departments: z.array(departmentSchema).min(1, "needs at least the general department"),
  /** Topics of the community's announcements; none: residents are not offered news. */
  announcementTopics: z.array(announcementTopicSchema).max(20, "at most 20 topics (they are buttons)").default([]),
});
export type CommunityFile = z.infer<typeof communityFileSchema>;
