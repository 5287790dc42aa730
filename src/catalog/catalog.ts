import { createHash } from "node:crypto";
import type {
  AnnouncementTopic,
  CommunityFile,
  DepartmentDefinition,
  OfferDefinition,
  ProviderDefinition,
  ServiceDefinition,
} from "./schema.ts";

/** One community as the bot uses it: who offers what where, and which department answers for what. */
export interface CommunityDefinition {
  id: string;
  name: CommunityFile["community"]["name"];
  requestPrefix: string;
  providers: ProviderDefinition[];
  departments: DepartmentDefinition[];
  /** Topics residents may subscribe to (announcements); none or absent: no news offered. */
  announcementTopics?: AnnouncementTopic[];
}

/** Everything the catalogue holds, whether read from the YAML files or from the database. */
export interface CatalogData {
  services: ServiceDefinition[];
  communities: CommunityDefinition[];
}

export interface ProviderOffer {
  provider: ProviderDefinition;
  offer: OfferDefinition;
}

/** Read-only look-ups over CatalogData, built once. */
export class Catalog {
  readonly services: ReadonlyMap<string, ServiceDefinition>;
  readonly communities: ReadonlyMap<string, CommunityDefinition>;
  private readonly offersByCommunityService = new Map<string, ProviderOffer[]>();
  private readonly departmentByCommunityService = new Map<string, DepartmentDefinition>();
  /** Service ids sorted, for short references (see serviceRefs). */
  private readonly sortedServiceIds: string[];
  private readonly refWidth: number;
  /** Changes whenever the set of services does: a reference made from another catalogue is refused. */
  readonly servicesFingerprint: string;

  constructor(readonly data: CatalogData) {
    this.services = new Map(data.services.map((service) => [service.id, service]));
    this.sortedServiceIds = [...this.services.keys()].sort();
    this.refWidth = Math.max(1, Math.ceil(Math.log(this.sortedServiceIds.length + 1) / Math.log(36)));
    this.servicesFingerprint = createHash("sha256").update(this.sortedServiceIds.join("\n")).digest("hex").slice(0, 4);
    this.communities = new Map(data.communities.map((community) => [community.id, community]));
    for (const community of data.communities) {
      for (const provider of community.providers) {
        for (const offer of provider.offers) {
          const key = `${community.id}/${offer.service}`;
          const list = this.offersByCommunityService.get(key) ?? [];
          list.push({ provider, offer });
          this.offersByCommunityService.set(key, list);
        }
      }
      for (const department of community.departments) {
        for (const serviceId of department.services) {
          this.departmentByCommunityService.set(`${community.id}/${serviceId}`, department);
        }
      }
    }
  }

  /**
   * A few services as one short string (1–3 characters each, after the catalogue's fingerprint), for
   * button data: Telegram allows 64 bytes, and a list of ids would not fit.
   */
  serviceRefs(serviceIds: readonly string[]): string {
    const refs = serviceIds.map((id) => {
      const position = this.sortedServiceIds.indexOf(id);
      if (position < 0) throw new Error(`unknown service ${id}`);
      return position.toString(36).padStart(this.refWidth, "0");
    });
    return `${this.servicesFingerprint}${refs.join("")}`;
  }

  /** The services of serviceRefs(), or undefined when it came from another catalogue or is malformed. */
  servicesOfRefs(refs: string): string[] | undefined {
    if (!refs.startsWith(this.servicesFingerprint)) return undefined;
    const body = refs.slice(this.servicesFingerprint.length);
    if (body.length === 0 || body.length % this.refWidth !== 0 || !/^[0-9a-z]+$/.test(body)) return undefined;
    const ids: string[] = [];
    for (let at = 0; at < body.length; at += this.refWidth) {
      const id = this.sortedServiceIds[parseInt(body.slice(at, at + this.refWidth), 36)];
      if (id === undefined) return undefined;
      ids.push(id);
    }
    return ids;
  }

  /** Providers offering a service in a community; verified offers first. */
  offersFor(communityId: string, serviceId: string): ProviderOffer[] {
    const offers = this.offersByCommunityService.get(`${communityId}/${serviceId}`) ?? [];
    return [...offers].sort((a, b) => Number(b.offer.verified) - Number(a.offer.verified));
  }

  generalDepartment(communityId: string): DepartmentDefinition | undefined {
    return this.communities.get(communityId)?.departments.find((department) => department.general);
  }

  /** The department that answers for a service, or the general one when no department claims it. */
  departmentFor(communityId: string, serviceId: string | undefined): DepartmentDefinition | undefined {
    return (
      (serviceId ? this.departmentByCommunityService.get(`${communityId}/${serviceId}`) : undefined) ??
      this.generalDepartment(communityId)
    );
  }
}
