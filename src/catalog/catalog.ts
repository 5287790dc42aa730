import type {
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

  constructor(readonly data: CatalogData) {
    this.services = new Map(data.services.map((service) => [service.id, service]));
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
