import { describe, expect, it } from "vitest";
import { Catalog } from "../../src/catalog/catalog.ts";
import { DEFAULT_CATALOG_DIR, loadCatalogDirectory } from "../../src/catalog/load.ts";

const files = loadCatalogDirectory(DEFAULT_CATALOG_DIR);
const catalog = new Catalog({ services: files.services, communities: [] });
const ids = files.services.map((service) => service.id);

describe("short service references (button data)", () => {
  it("round-trips any five services within Telegram's 64 bytes of callback data", () => {
    for (let start = 0; start < ids.length; start++) {
      const five = [0, 7, 13, 21, 29].map((step) => ids[(start + step) % ids.length]!);
      const refs = catalog.serviceRefs(five);
      expect(`f1:r:4:${refs}`.length).toBeLessThanOrEqual(64);
      expect(catalog.servicesOfRefs(refs)).toEqual(five);
    }
  });

  it("refuses references from another catalogue, malformed ones and unknown positions", () => {
    const refs = catalog.serviceRefs([ids[0]!, ids[1]!]);
    const smaller = new Catalog({ services: files.services.slice(1), communities: [] });
    expect(smaller.servicesOfRefs(refs)).toBeUndefined(); // the set of services changed: a stale button
    expect(catalog.servicesOfRefs(`${catalog.servicesFingerprint}`)).toBeUndefined();
    expect(catalog.servicesOfRefs(`${catalog.servicesFingerprint}z`)).toBeUndefined(); // past the last service
    expect(catalog.servicesOfRefs(`${catalog.servicesFingerprint}A`)).toBeUndefined();
    expect(() => catalog.serviceRefs(["no-such-service"])).toThrow();
  });

  it("grows the reference width with the catalogue (thousands of services still fit)", () => {
    const many = Array.from({ length: 2_000 }, (_, i) => ({ ...files.services[0]!, id: `service-${i}` }));
    const big = new Catalog({ services: many, communities: [] });
    const five = ["service-1999", "service-0", "service-1000", "service-42", "service-7"];
    const refs = big.serviceRefs(five);
    expect(refs.length).toBe(4 + 5 * 3);
    expect(big.servicesOfRefs(refs)).toEqual(five);
  });
});
