import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CatalogError, DEFAULT_CATALOG_DIR, formatIssue, loadCatalogDirectory, loadCommunityFile } from "../../src/catalog/load.ts";

/** The catalogue names each community's announcement topics and each department's announcers. */
const FILE = (topics: string, announcers = "[777]") => `version: 1
community:
  id: testville
  name: { uk: Тестове }
  requestPrefix: ТС
departments:
  - id: reception
    name: { uk: Приймальня }
    general: true
    announcerUserIds: ${announcers}
    services: [information]
announcementTopics:
${topics}
`;

const dir = mkdtempSync(path.join(tmpdir(), "hromada-topics-"));
copyFileSync(path.join(DEFAULT_CATALOG_DIR, "services.yaml"), path.join(dir, "services.yaml"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function load(text: string) {
  const file = path.join(dir, "town.yaml");
  writeFileSync(file, text);
  return loadCommunityFile(file);
}
function issues(text: string): string[] {
  try {
    load(text);
    return [];
  } catch (error) {
    if (error instanceof CatalogError) return error.issues.map(formatIssue);
    throw error;
  }
}

describe("announcement topics and announcers in the catalogue", () => {
  it("reads them", () => {
    const loaded = load(FILE(`  - { id: events, name: { uk: "Події та ярмарки", en: "Events and fairs" } }`));
    expect(loaded.community.announcementTopics).toEqual([{ id: "events", name: { uk: "Події та ярмарки", en: "Events and fairs" } }]);
    expect(loaded.community.departments[0]!.announcerUserIds).toEqual([777]);
  });

  it("names a duplicate topic, a topic without a name, and an announcer that is not a user id, with their lines", () => {
    const found = issues(FILE(`  - { id: events, name: { uk: "Події" } }\n  - { id: events, name: { uk: "Ще події" } }\n  - { id: new-services }`, "[-100123]"));
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/town\.yaml:\d+: announcementTopics\[1\]\.id "events" is a duplicate topic id/),
        expect.stringMatching(/town\.yaml:\d+: announcementTopics\[2\]\.name/),
        expect.stringMatching(/town\.yaml:\d+: departments\[0\]\.announcerUserIds\[0\]/),
      ]),
    );
  });

  it("the bundled communities offer the six topics of the issue", () => {
    const data = loadCatalogDirectory();
    for (const community of data.communities) {
      expect(community.announcementTopics?.map((topic) => topic.id)).toEqual(["events", "new-services", "older-people", "families-with-children", "veterans", "idp"]);
    }
  });
});
