import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseDocument } from "yaml";
import { DEFAULT_CATALOG_DIR } from "../../src/catalog/load.ts";

/** Chat ids of the Zhytomyr departments' staff groups in tests, by department id. */
export const STAFF_GROUPS: Record<string, number> = {
  reception: -1001,
  "older-and-disabled": -1002,
  "children-and-families": -1003,
  "idp-veterans-inclusion": -1004,
  "benefits-and-aid": -1005,
};
export const STAFF_USER = 777;

/** zhytomyr.yaml with the staff above: parsed and edited once per process (~0.3-0.6 s of CPU each time). */
let staffedZhytomyr: string | undefined;

function staffedZhytomyrYaml(): string {
  if (staffedZhytomyr !== undefined) return staffedZhytomyr;
  const document = parseDocument(readFileSync(path.join(DEFAULT_CATALOG_DIR, "zhytomyr.yaml"), "utf8"));
  const departments = document.get("departments") as { items: Array<{ get(key: string): unknown; set(key: string, value: unknown): void }> };
  for (const department of departments.items) {
    const chatId = STAFF_GROUPS[String(department.get("id"))];
    if (chatId === undefined) throw new Error(`no test group for department ${String(department.get("id"))}`);
    department.set("chatId", chatId);
    department.set("staffUserIds", [STAFF_USER]);
  }
  staffedZhytomyr = document.toString();
  return staffedZhytomyr;
}

/** A copy of the bundled catalogue whose Zhytomyr departments have staff groups and one staff member. */
export function staffedCatalogDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "hromada-catalog-"));
  cpSync(DEFAULT_CATALOG_DIR, dir, { recursive: true });
  writeFileSync(path.join(dir, "zhytomyr.yaml"), staffedZhytomyrYaml());
  return dir;
}
