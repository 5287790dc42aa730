/**
 * Situations residents describe instead of naming a service («лежача мама», «виганяють з квартири»,
 * «звільнився з в'язниці»), mapped to the services that help: data/catalog/situations.yaml, kept as data
 * beside the services' synonyms so a social worker can read and extend it. Also the file's list of
 * off-topic markers (a sale, a repair, a price): words that say a message wants something no social
 * service gives, which weaken the evidence of everything else in it (unless the marker is part of a phrase
 * the message says in full: «ремонт після обстрілу»), and its words for people (`people`: бабуся, «для мами»)
 * that say what the catalogue calls such a person (дорослий, літній; see matcher/people.ts).
 *
 * Loading validates the file: an unknown service id, an empty situation or a duplicate id is an error
 * that names the situation, so a typo never silently drops a situation from the search.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { z } from "zod";
import { DEFAULT_CATALOG_DIR } from "./load.ts";
import { SERVICE_IDS } from "./schema.ts";
import type { SearchableService } from "./matcher/catalog-index.ts";

export const DEFAULT_SITUATIONS_FILE = path.join(DEFAULT_CATALOG_DIR, "situations.yaml");

/** How much a situation counts for each service after its first (main) one. */
export const SECONDARY_SERVICE_WEIGHT = 0.8;

const situationSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, "use lower-case letters, digits and hyphens"),
  /** The services that help, the main one first. */
  services: z.array(z.string()).min(1),
  /** What residents write: words and short phrases, in Ukrainian, Russian, surzhyk or English. */
  phrases: z.array(z.string().min(1)).min(1),
  /**
   * The situation says who the person is (displaced …), and that decides where they are helped: when a
   * message says it, the main service comes first, before services that fit only the rest of the message.
   */
  leads: z.boolean().optional(),
});

/** Words for a person that also say what the catalogue calls such a person (see matcher/people.ts). */
const personWordsSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, "use lower-case letters, digits and hyphens"),
  /** What the catalogue's texts call such a person (дорослий): completes a phrase, never alone. */
  means: z.array(z.string().min(1)).min(1),
  /** …and what it says on its own too (літній). */
  meansAlone: z.array(z.string().min(1)).optional(),
  /** What residents call the person: бабуся, дідусь, свекруха … (any form of each word). */
  words: z.array(z.string().min(1)).optional(),
  /** Word forms that hold only as written: мамі, маме (to whom: the dative). */
  forms: z.array(z.string().min(1)).optional(),
  /** Only right after one of these words («для мами»), when the word alone may name someone else. */
  after: z.array(z.string().min(1)).min(1).optional(),
});

const situationsFileSchema = z.strictObject({
  version: z.literal(1),
  situations: z.array(situationSchema),
  people: z.array(personWordsSchema).default([]),
  offTopic: z.array(z.string().min(1)).default([]),
});

export type Situation = z.infer<typeof situationSchema>;
export type PersonWordsGroup = z.infer<typeof personWordsSchema>;

export interface SituationsData {
  situations: Situation[];
  /** Words for a person and what the catalogue calls such a person (бабуся → дорослий, літній). */
  people?: PersonWordsGroup[] | undefined;
  /** Words that mark a message as wanting something no social service gives (продам, відремонтувати). */
  offTopic: string[];
}

export class SituationsError extends Error {
  override name = "SituationsError";
}

/** Parses and checks a situations file's text against the catalogue's service ids. */
export function parseSituations(text: string, knownServiceIds: ReadonlySet<string>, file = "situations.yaml"): SituationsData {
  const result = situationsFileSchema.safeParse(parse(text));
  if (!result.success) {
    throw new SituationsError(result.error.issues.map((i) => `${file}: ${i.path.join(".")} ${i.message}`).join("\n"));
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  const seenPeople = new Set<string>();
  result.data.people.forEach((group, i) => {
    if ((group.words?.length ?? 0) + (group.forms?.length ?? 0) === 0) problems.push(`${file}: people[${i}] "${group.id}" has no words or forms`);
    if (seenPeople.has(group.id)) problems.push(`${file}: people[${i}] "${group.id}" is a duplicate id`);
    seenPeople.add(group.id);
  });
  result.data.situations.forEach((situation, i) => {
    if (seen.has(situation.id)) problems.push(`${file}: situations[${i}] "${situation.id}" is a duplicate id`);
    seen.add(situation.id);
    for (const id of situation.services) {
      if (!knownServiceIds.has(id)) problems.push(`${file}: situations[${i}] "${situation.id}" names unknown service "${id}"`);
    }
  });
  if (problems.length > 0) throw new SituationsError(problems.join("\n"));
  return result.data;
}

/** Reads and checks a situations file (the bundled one by default). */
export function loadSituations(file = DEFAULT_SITUATIONS_FILE, knownServiceIds: ReadonlySet<string>): SituationsData {
  return parseSituations(readFileSync(file, "utf8"), knownServiceIds, path.basename(file));
}

/**
 * The situations for a catalogue folder: its own situations.yaml when it has one (checked strictly), else
 * the bundled file, keeping only the services this catalogue has (a small test or pilot catalogue).
 */
export function situationsForCatalog(catalogDir: string, knownServiceIds: ReadonlySet<string>): SituationsData {
  const own = path.join(catalogDir, "situations.yaml");
  if (existsSync(own)) return loadSituations(own, knownServiceIds);
  const bundled = parseSituations(readFileSync(DEFAULT_SITUATIONS_FILE, "utf8"), new Set(situationServiceIds()), "situations.yaml");
  return {
    offTopic: bundled.offTopic,
    people: bundled.people,
    situations: bundled.situations
      .map((situation) => ({ ...situation, services: situation.services.filter((id) => knownServiceIds.has(id)) }))
      .filter((situation) => situation.services.length > 0),
  };
}

/** Every id a situation may name (the stable ids of the domain). */
function situationServiceIds(): string[] {
  return [...SERVICE_IDS];
}

/** The services with their situations attached, as the matcher indexes them (see SearchableService.situations). */
export function withSituations<T extends SearchableService>(services: readonly T[], data: SituationsData | undefined): T[] {
  if (!data || data.situations.length === 0) return [...services];
  const byService = new Map<string, Array<{ text: string; weight: number; label: string; leads?: boolean }>>();
  for (const situation of data.situations) {
    situation.services.forEach((id, rank) => {
      let list = byService.get(id);
      if (!list) byService.set(id, (list = []));
      const weight = rank === 0 ? 1 : SECONDARY_SERVICE_WEIGHT;
      const leads = rank === 0 && situation.leads === true;
      for (const text of situation.phrases) list.push(leads ? { text, weight, label: situation.id, leads } : { text, weight, label: situation.id });
    });
  }
  return services.map((service) => {
    const extra = byService.get(service.id);
    return extra ? { ...service, situations: [...(service.situations ?? []), ...extra] } : service;
  });
}
