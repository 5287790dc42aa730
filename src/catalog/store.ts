import type { PrismaClient } from "../db/client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { CatalogData, CommunityDefinition } from "./catalog.ts";
import type { LoadedCommunityFile } from "./load.ts";
import type { DepartmentDefinition, OfferDefinition, ProviderDefinition, ServiceDefinition } from "./schema.ts";

/**
 * The catalogue in the database: `importCommunity` makes the tables say exactly what a community file
 * says (idempotent: a second import writes nothing), and `readCatalog` reads it back as CatalogData.
 */

export interface ImportReport {
  created: number;
  updated: number;
  deleted: number;
}

type Json = Prisma.InputJsonValue;
const json = (value: unknown): Json | undefined => (value === undefined ? undefined : (value as Json));
const nullable = <T>(value: T | undefined): T | null => value ?? null;

/** Canonical text of a row, for comparing what the file says with what the table holds. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === "bigint") return item.toString();
    if (item && typeof item === "object" && !Array.isArray(item)) {
      return Object.fromEntries(Object.entries(item).filter(([, v]) => v !== undefined && v !== null).sort(([a], [b]) => a.localeCompare(b)));
    }
    return item;
  });
}

function sameRow(existing: Record<string, unknown>, desired: Record<string, unknown>): boolean {
  const picked = Object.fromEntries(Object.keys(desired).map((key) => [key, existing[key]]));
  return canonical(picked) === canonical(desired);
}

interface SyncPlan<Row, Key> {
  existing: Row[];
  desired: Array<Record<string, unknown>>;
  keyOf: (row: Record<string, unknown>) => Key;
  create: (row: Record<string, unknown>) => Promise<unknown>;
  update: (key: Key, row: Record<string, unknown>) => Promise<unknown>;
  remove: (keys: Key[]) => Promise<unknown>;
}

async function sync<Row extends Record<string, unknown>, Key>(plan: SyncPlan<Row, Key>, report: ImportReport): Promise<void> {
  const id = (key: Key) => canonical(key);
  const existingByKey = new Map(plan.existing.map((row) => [id(plan.keyOf(row)), row]));
  const desiredKeys = new Set<string>();
  for (const row of plan.desired) {
    const key = plan.keyOf(row);
    desiredKeys.add(id(key));
    const existing = existingByKey.get(id(key));
    if (!existing) {
      await plan.create(row);
      report.created += 1;
    } else if (!sameRow(existing, row)) {
      await plan.update(key, row);
      report.updated += 1;
    }
  }
  const gone = plan.existing.filter((row) => !desiredKeys.has(id(plan.keyOf(row)))).map((row) => plan.keyOf(row));
  if (gone.length > 0) {
    await plan.remove(gone);
    report.deleted += gone.length;
  }
}

function serviceRow(service: ServiceDefinition) {
  return {
    id: service.id,
    name: json(service.name),
    summary: json(service.summary),
    description: json(service.description),
    synonyms: service.synonyms,
    categories: service.categories,
    free: service.free,
    documents: json(service.documents),
    howToApply: json(service.howToApply),
  };
}

function providerRow(communityId: string, provider: ProviderDefinition) {
  return {
    key: `${communityId}/${provider.id}`,
    communityId,
    slug: provider.id,
    name: json(provider.name),
    kind: provider.kind,
    address: provider.address,
    phones: provider.phones,
    email: provider.email,
    website: provider.website,
    note: json(provider.note),
    verified: provider.verified,
    source: provider.source,
    sourceDate: provider.sourceDate,
    contactChatId: provider.contactChatId === undefined ? undefined : BigInt(provider.contactChatId),
    notFound: provider.notFound,
    referrals: json(provider.referrals),
  };
}

function offerRow(providerKey: string, offer: OfferDefinition, position: number) {
  return {
    providerKey,
    serviceId: offer.service,
    position,
    address: offer.address,
    district: offer.district,
    phones: offer.phones,
    hours: json(offer.hours),
    email: offer.email,
    website: offer.website,
    accessibility: json(offer.accessibility),
    note: json(offer.note),
    verified: offer.verified,
    source: offer.source,
    sourceDate: offer.sourceDate,
  };
}

function departmentRow(communityId: string, department: DepartmentDefinition, position: number) {
  return {
    key: `${communityId}/${department.id}`,
    communityId,
    slug: department.id,
    name: json(department.name),
    general: department.general,
    chatId: department.chatId === undefined ? undefined : BigInt(department.chatId),
    staffUserIds: department.staffUserIds.map((id) => BigInt(id)),
    announcerUserIds: (department.announcerUserIds ?? []).map((id) => BigInt(id)),
    adminsAreStaff: department.adminsAreStaff,
    forumTopics: department.forumTopics,
    reminderHours: department.reminderHours,
    replies: json(department.replies),
    position,
  };
}

/** Writes a community file into the database, in one transaction; returns how many rows changed. */
export async function importCommunity(prisma: PrismaClient, loaded: LoadedCommunityFile): Promise<ImportReport> {
  const report: ImportReport = { created: 0, updated: 0, deleted: 0 };
  const { community } = loaded;
  await prisma.$transaction(
    async (tx) => {
      // Strict (non-null) create input types are awkward for generic rows; the rows above are built
      // from validated definitions, so the casts below only bridge undefined-vs-null optionality.
      type Data = never;
      await sync(
        {
          existing: await tx.service.findMany(),
          desired: loaded.services.map(serviceRow),
          keyOf: (row) => row.id as string,
          create: (row) => tx.service.create({ data: row as Data }),
          update: (id, row) => tx.service.update({ where: { id }, data: nullify(row) as Data }),
          remove: (ids) => tx.service.deleteMany({ where: { id: { in: ids } } }),
        },
        report,
      );
      await sync(
        {
          existing: await tx.community.findMany({ where: { id: community.id } }),
          desired: [{ id: community.id, name: json(community.name), requestPrefix: community.requestPrefix, announcementTopics: json(community.announcementTopics ?? []) }],
          keyOf: (row) => row.id as string,
          create: (row) => tx.community.create({ data: row as Data }),
          update: (id, row) => tx.community.update({ where: { id }, data: row as Data }),
          remove: async () => undefined,
        },
        report,
      );
      await sync(
        {
          existing: await tx.provider.findMany({ where: { communityId: community.id } }),
          desired: community.providers.map((provider) => providerRow(community.id, provider)),
          keyOf: (row) => row.key as string,
          create: (row) => tx.provider.create({ data: row as Data }),
          update: (key, row) => tx.provider.update({ where: { key }, data: nullify(row) as Data }),
          remove: (keys) => tx.provider.deleteMany({ where: { key: { in: keys } } }),
        },
        report,
      );
      await sync(
        {
          existing: await tx.offer.findMany({ where: { provider: { communityId: community.id } } }),
          desired: community.providers.flatMap((provider) =>
            provider.offers.map((offer, position) => offerRow(`${community.id}/${provider.id}`, offer, position)),
          ),
          keyOf: (row) => ({ providerKey: row.providerKey as string, serviceId: row.serviceId as string }),
          create: (row) => tx.offer.create({ data: row as Data }),
          update: (key, row) => tx.offer.update({ where: { providerKey_serviceId: key }, data: nullify(row) as Data }),
          remove: (keys) => tx.offer.deleteMany({ where: { OR: keys } }),
        },
        report,
      );
      await sync(
        {
          existing: await tx.department.findMany({ where: { communityId: community.id } }),
          desired: community.departments.map((department, position) => departmentRow(community.id, department, position)),
          keyOf: (row) => row.key as string,
          create: (row) => tx.department.create({ data: row as Data }),
          update: (key, row) => tx.department.update({ where: { key }, data: nullify(row) as Data }),
          remove: (keys) => tx.department.deleteMany({ where: { key: { in: keys } } }),
        },
        report,
      );
      await sync(
        {
          existing: await tx.departmentService.findMany({ where: { communityId: community.id } }),
          desired: community.departments.flatMap((department) =>
            department.services.map((serviceId, position) => ({
              communityId: community.id,
              serviceId,
              departmentKey: `${community.id}/${department.id}`,
              position,
            })),
          ),
          keyOf: (row) => ({ communityId: row.communityId as string, serviceId: row.serviceId as string }),
          create: (row) => tx.departmentService.create({ data: row as Data }),
          update: (key, row) => tx.departmentService.update({ where: { communityId_serviceId: key }, data: row as Data }),
          remove: (keys) => tx.departmentService.deleteMany({ where: { OR: keys } }),
        },
        report,
      );
    },
    { timeout: 60_000 },
  );
  return report;
}

/** An update must clear a field the file no longer has: undefined means "leave as is" to Prisma. */
function nullify(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([key, value]) => [key, value === undefined ? (JSON_COLUMNS.has(key) ? Prisma.DbNull : null) : value]),
  );
}

const JSON_COLUMNS = new Set(["description", "documents", "howToApply", "hours", "accessibility", "note", "referrals"]);

const omitNull = <T extends Record<string, unknown>>(row: T) =>
  Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)) as {
    [K in keyof T]: Exclude<T[K], null> | undefined;
  };

/** Reads the whole catalogue back from the database in the shape of the files. */
export async function readCatalog(prisma: PrismaClient): Promise<CatalogData> {
  const [services, communities] = await Promise.all([
    prisma.service.findMany({ orderBy: { id: "asc" } }),
    prisma.community.findMany({
      orderBy: { id: "asc" },
      include: {
        providers: { orderBy: { slug: "asc" }, include: { offers: { orderBy: { position: "asc" } } } },
        departments: { orderBy: { position: "asc" }, include: { services: { orderBy: { position: "asc" } } } },
      },
    }),
  ]);
  return {
    services: services.map(
      (row): ServiceDefinition => {
        const { updatedAt: _updatedAt, ...rest } = omitNull(row);
        return rest as unknown as ServiceDefinition;
      },
    ),
    communities: communities.map(
      (community): CommunityDefinition => ({
        id: community.id,
        name: community.name as CommunityDefinition["name"],
        requestPrefix: community.requestPrefix,
        announcementTopics: (community.announcementTopics ?? []) as unknown as CommunityDefinition["announcementTopics"],
        providers: community.providers.map((provider): ProviderDefinition => {
          const { key: _key, communityId: _c, slug, updatedAt: _u, offers, contactChatId, ...rest } = omitNull(provider);
          return {
            id: slug!,
            ...(rest as unknown as Omit<ProviderDefinition, "id" | "offers" | "contactChatId">),
            ...(contactChatId === undefined ? {} : { contactChatId: Number(contactChatId) }),
            offers: (offers ?? []).map((offer): OfferDefinition => {
              const { providerKey: _p, serviceId, position: _pos, ...fields } = omitNull(offer);
              return { service: serviceId!, ...(fields as unknown as Omit<OfferDefinition, "service">) };
            }),
          };
        }),
        departments: community.departments.map((department): DepartmentDefinition => {
          const { key: _key, communityId: _c, slug, position: _pos, services, chatId, staffUserIds, announcerUserIds, ...rest } = omitNull(department);
          return {
            id: slug!,
            ...(rest as unknown as Omit<DepartmentDefinition, "id" | "services" | "chatId" | "staffUserIds" | "announcerUserIds">),
            ...(chatId === undefined ? {} : { chatId: Number(chatId) }),
            staffUserIds: (staffUserIds ?? []).map(Number),
            announcerUserIds: (announcerUserIds ?? []).map(Number),
            services: (services ?? []).map((route) => route.serviceId),
          };
        }),
      }),
    ),
  };
}
