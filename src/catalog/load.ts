import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, parseDocument, isMap, type Document } from "yaml";
import type { z } from "zod";
import type { CatalogData, CommunityDefinition } from "./catalog.ts";
import { communityFileSchema, SERVICE_IDS, servicesFileSchema, type ServiceDefinition } from "./schema.ts";

export const DEFAULT_CATALOG_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../data/catalog");

/** One thing wrong in a catalogue file, precise enough to fix without reading code. */
export interface CatalogIssue {
  file: string;
  /** Where in the file, as a path like providers[2].phones[0]; empty for the whole file. */
  path: string;
  line?: number;
  message: string;
}

export function formatIssue(issue: CatalogIssue): string {
  const where = issue.line ? `${issue.file}:${issue.line}` : issue.file;
  return `${where}: ${issue.path ? `${issue.path} ` : ""}${issue.message}`;
}

export class CatalogError extends Error {
  override name = "CatalogError";
  constructor(readonly issues: CatalogIssue[]) {
    super(issues.map(formatIssue).join("\n"));
  }
}

type PathSegment = string | number;

function formatPath(segments: readonly PathSegment[]): string {
  return segments.reduce<string>(
    (text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment),
    "",
  );
}

/** A parsed YAML file that can say on which line any path of it stands. */
class SourceFile {
  private readonly lineCounter = new LineCounter();
  readonly document: Document;
  readonly issues: CatalogIssue[] = [];

  constructor(readonly file: string, text: string) {
    this.document = parseDocument(text, { lineCounter: this.lineCounter, uniqueKeys: true });
    for (const error of this.document.errors) {
      this.issues.push({ file, path: "", line: error.linePos?.[0]?.line, message: `is not valid YAML: ${error.message.split("\n")[0]}` });
    }
  }

  /** The line of the deepest existing node on the path (a missing key points at its parent). */
  lineOf(segments: readonly PathSegment[]): number | undefined {
    for (let depth = segments.length; depth >= 0; depth -= 1) {
      const node = this.document.getIn(segments.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === "object" && node.range) return this.lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  }

  report(segments: readonly PathSegment[], message: string): void {
    this.issues.push({ file: this.file, path: formatPath(segments), line: this.lineOf(segments), message });
  }

  /** Validates the whole document; `keepGoing` parses even when earlier checks found problems. */
  parse<T extends z.ZodType>(schema: T, { keepGoing = false } = {}): z.infer<T> | undefined {
    if (this.document.errors.length > 0 || (!keepGoing && this.issues.length > 0)) return undefined;
    if (!isMap(this.document.contents)) {
      this.report([], "must be a YAML mapping with version: 1 at the top");
      return undefined;
    }
    const result = schema.safeParse(this.document.toJS());
    if (result.success) return result.data;
    for (const issue of result.error.issues) this.report(issue.path as PathSegment[], issue.message);
    return undefined;
  }
}

function readSource(file: string, displayName: string): SourceFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    const source = new SourceFile(displayName, "");
    source.issues.push({ file: displayName, path: "", message: "cannot be read (no such file?)" });
    return source;
  }
  return new SourceFile(displayName, text);
}

function findDuplicates<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number[]> {
  const seen = new Map<string, number[]>();
  items.forEach((item, index) => seen.set(keyOf(item), [...(seen.get(keyOf(item)) ?? []), index]));
  return new Map([...seen].filter(([, indexes]) => indexes.length > 1));
}

function checkServices(source: SourceFile, services: ServiceDefinition[], servicesPath: PathSegment[]): void {
  for (const [id, indexes] of findDuplicates(services, (service) => service.id)) {
    for (const index of indexes.slice(1)) {
      source.report([...servicesPath, index, "id"], `"${id}" is a duplicate: the same id is already used at ${formatPath([...servicesPath, indexes[0]!])}`);
    }
  }
  const present = new Set(services.map((service) => service.id));
  const missing = SERVICE_IDS.filter((id) => !present.has(id));
  if (missing.length > 0) {
    source.report(servicesPath, `lacks services the product relies on (DOMAIN.md): ${missing.join(", ")}`);
  }
}

/** A list from the raw YAML, whatever the schema made of it, so checks run even on a file with other errors. */
function rawList(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.map((item) => (item && typeof item === "object" ? (item as Record<string, unknown>) : {})) : [];
}
const rawString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Checks across entries that a schema cannot express: duplicate ids, unknown service ids, routing. */
function checkCommunity(source: SourceFile, raw: unknown, serviceIds: ReadonlySet<string> | undefined): void {
  const file = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  const providers = rawList(file.providers);
  const departments = rawList(file.departments);
  const withId = <T extends Record<string, unknown>>(items: T[]) => items.filter((item) => rawString(item.id));
  for (const [id, indexes] of findDuplicates(withId(providers), (provider) => rawString(provider.id)!)) {
    for (const index of indexes.slice(1)) source.report(["providers", providers.indexOf(withId(providers)[index]!), "id"], `"${id}" is a duplicate provider id`);
  }
  for (const [id, indexes] of findDuplicates(withId(departments), (department) => rawString(department.id)!)) {
    for (const index of indexes.slice(1)) source.report(["departments", departments.indexOf(withId(departments)[index]!), "id"], `"${id}" is a duplicate department id`);
  }
  providers.forEach((provider, p) => {
    const offers = rawList(provider.offers);
    const seen = new Set<string>();
    offers.forEach((offer, o) => {
      const serviceId = rawString(offer.service);
      if (!serviceId) return;
      if (serviceIds && !serviceIds.has(serviceId)) {
        source.report(["providers", p, "offers", o, "service"], `names an unknown service id "${serviceId}"`);
      }
      if (seen.has(serviceId)) source.report(["providers", p, "offers", o, "service"], `"${serviceId}" is offered twice by the same provider`);
      seen.add(serviceId);
    });
  });
  // Referrals (issue 21): a partner takes referrals only for what it offers, in a group of its own.
  const departmentChats = new Set<unknown>(departments.map((department) => department.chatId).filter((id) => typeof id === "number"));
  providers.forEach((provider, p) => {
    const referrals = provider.referrals && typeof provider.referrals === "object" ? (provider.referrals as Record<string, unknown>) : undefined;
    if (!referrals) return;
    const offered = new Set(rawList(provider.offers).map((offer) => rawString(offer.service)));
    (Array.isArray(referrals.services) ? referrals.services : []).forEach((item: unknown, s: number) => {
      const serviceId = rawString(item);
      if (serviceId && !offered.has(serviceId)) source.report(["providers", p, "referrals", "services", s], `"${serviceId}" is not among the provider's offers`);
    });
    if (departmentChats.has(referrals.chatId as number)) source.report(["providers", p, "referrals", "chatId"], "is a department's group: a partner needs a group of its own");
  });
  const routedTo = new Map<string, string>();
  departments.forEach((department, d) => {
    (Array.isArray(department.services) ? department.services : []).forEach((item: unknown, s: number) => {
      const serviceId = rawString(item);
      if (!serviceId) return;
      if (serviceIds && !serviceIds.has(serviceId)) {
        source.report(["departments", d, "services", s], `routes an unknown service id "${serviceId}"`);
      } else if (routedTo.has(serviceId)) {
        source.report(["departments", d, "services", s], `"${serviceId}" is already routed to department "${routedTo.get(serviceId)}"`);
      } else {
        routedTo.set(serviceId, rawString(department.id) ?? `#${d + 1}`);
      }
    });
  });
  const topics = withId(rawList(file.announcementTopics));
  for (const [id, indexes] of findDuplicates(topics, (topic) => rawString(topic.id)!)) {
    for (const index of indexes.slice(1)) source.report(["announcementTopics", rawList(file.announcementTopics).indexOf(topics[index]!), "id"], `"${id}" is a duplicate topic id`);
  }
  const generals = departments.filter((department) => department.general === true);
  if (departments.length > 0 && generals.length !== 1) {
    source.report(["departments"], `must have exactly one department with general: true (found ${generals.length})`);
  }
}

export interface LoadedCommunityFile {
  services: ServiceDefinition[];
  community: CommunityDefinition;
}

/**
 * Reads a community file and the services file it points to, and checks them together: schema,
 * duplicate ids, references to unknown services, routing. Throws a CatalogError with every issue.
 */
export function loadCommunityFile(file: string): LoadedCommunityFile {
  const displayName = path.relative(process.cwd(), file) || file;
  const source = readSource(file, displayName);
  const raw = source.issues.length === 0 ? (source.document.toJS() as Record<string, unknown> | null) : null;

  // The services come first: the community's references are checked against them.
  const inline = Boolean(raw && Array.isArray(raw.services));
  let services: ServiceDefinition[] | undefined;
  let servicesSource: SourceFile | undefined;
  if (raw && !inline) {
    const community = (raw.community ?? {}) as Record<string, unknown>;
    // Relative to the community file, wherever it lives (not to the working directory).
    const named = rawString(community.services) ?? "services.yaml";
    const servicesFile = path.resolve(path.dirname(file), named);
    servicesSource = readSource(servicesFile, path.relative(process.cwd(), servicesFile) || servicesFile);
    if (servicesSource.issues.length > 0 && !existsSync(servicesFile)) {
      servicesSource.issues.splice(0, servicesSource.issues.length, {
        file: displayName,
        path: "community.services",
        line: source.lineOf(["community", "services"]),
        message: `names "${named}", which resolves (relative to this file) to ${servicesFile}: no such file`,
      });
    }
    services = servicesSource.parse(servicesFileSchema)?.services;
    if (services) checkServices(servicesSource, services, ["services"]);
  }

  const parsed = source.parse(communityFileSchema, { keepGoing: true });
  if (inline && parsed?.services) {
    services = parsed.services;
    checkServices(source, services, ["services"]);
  }
  const knownIds = inline
    ? new Set(rawList(raw?.services).map((service) => rawString(service.id)).filter((id) => id !== undefined))
    : services
      ? new Set(services.map((service) => service.id))
      : // Without a readable services file, the ids are still checked against the product's stable ones.
        new Set<string>(SERVICE_IDS);
  if (raw) checkCommunity(source, raw, knownIds);

  const issues = [...(servicesSource?.issues ?? []), ...source.issues];
  if (issues.length > 0 || !services || !parsed) throw new CatalogError(issues);
  return {
    services,
    community: {
      id: parsed.community.id,
      name: parsed.community.name,
      requestPrefix: parsed.community.requestPrefix,
      providers: parsed.providers,
      departments: parsed.departments,
      announcementTopics: parsed.announcementTopics,
    },
  };
}

/** Every *.yaml in the folder that is a community file (has `community:`), merged into one catalogue. */
export function loadCatalogDirectory(dir: string = DEFAULT_CATALOG_DIR): CatalogData {
  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(dir, name))
    .filter((file) => /^community:/m.test(readFileSync(file, "utf8")));
  const issues: CatalogIssue[] = [];
  const services = new Map<string, ServiceDefinition>();
  const communities: CommunityDefinition[] = [];
  for (const file of files) {
    try {
      const loaded = loadCommunityFile(file);
      for (const service of loaded.services) services.set(service.id, service);
      communities.push(loaded.community);
    } catch (error) {
      if (error instanceof CatalogError) issues.push(...error.issues);
      else throw error;
    }
  }
  if (issues.length > 0) throw new CatalogError(issues);
  return { services: [...services.values()], communities };
}
