import type { Catalog } from "../catalog/catalog.ts";
import type { ProviderDefinition, ReferralsDefinition } from "../catalog/schema.ts";

/** A provider of the catalogue that takes referrals (issue 21): its group and the services it accepts. */
export interface Partner {
  /** Provider.key: community id + "/" + provider id. */
  key: string;
  communityId: string;
  /** Its place in the community's provider list (short button data). */
  index: number;
  provider: ProviderDefinition;
  referrals: ReferralsDefinition;
}

/** Every partner of the catalogue, in file order. */
export function partnersOf(catalog: Catalog): Partner[] {
  const partners: Partner[] = [];
  for (const community of catalog.communities.values()) {
    community.providers.forEach((provider, index) => {
      if (provider.referrals) partners.push({ key: `${community.id}/${provider.id}`, communityId: community.id, index, provider, referrals: provider.referrals });
    });
  }
  return partners;
}

/** Look-ups over the catalogue's partners, built once. */
export class Partners {
  private readonly all: Partner[];
  private readonly byKey: Map<string, Partner>;

  constructor(catalog: Catalog) {
    this.all = partnersOf(catalog);
    this.byKey = new Map(this.all.map((partner) => [partner.key, partner]));
  }

  get(key: string): Partner | undefined {
    return this.byKey.get(key);
  }

  /** The partner at a place in a community's provider list (button data), if it takes referrals. */
  at(communityId: string, index: number): Partner | undefined {
    return this.all.find((partner) => partner.communityId === communityId && partner.index === index);
  }

  /** Partners in the request's community that accept referrals for its service. */
  forService(communityId: string, serviceId: string | null): Partner[] {
    if (!serviceId) return [];
    return this.all.filter((partner) => partner.communityId === communityId && partner.referrals.services.includes(serviceId));
  }

  /** The partners whose referral group this chat is (usually one). */
  ofChat(chatId: number | bigint): Partner[] {
    return this.all.filter((partner) => partner.referrals.chatId === Number(chatId));
  }
}
