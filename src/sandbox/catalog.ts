import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";

/** The one staff member of every sandbox staff group (a made-up Telegram user id). */
export const SANDBOX_STAFF = { id: 700_001, firstName: "Оксана" } as const;

/** A department's staff group in the sandbox. */
export interface SandboxGroup {
  chatId: number;
  communityId: string;
  departmentId: string;
  /** The department's name by language (uk, en …), as in the catalogue. */
  name: Record<string, string>;
}

interface YamlMap {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): boolean;
  toJSON(): unknown;
}

/**
 * Copies the catalogue into the sandbox folder and gives every department a staff group there: a
 * made-up chat id (-1001, -1002 … for the first community, -2001 … for the second) with the sandbox
 * staff member in `staffUserIds`. Forum topics and "administrators are staff" are switched off: the
 * emulator has no forums and no member lists. The original files are never touched.
 */
export function writeSandboxCatalog(sourceDir: string, targetDir: string): SandboxGroup[] {
  rmSync(targetDir, { recursive: true, force: true });
  mkdirSync(path.dirname(targetDir), { recursive: true });
  cpSync(sourceDir, targetDir, { recursive: true });
  const groups: SandboxGroup[] = [];
  const communityFiles = readdirSync(targetDir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => path.join(targetDir, name))
    .filter((file) => /^community:/m.test(readFileSync(file, "utf8")));
  communityFiles.forEach((file, communityIndex) => {
    const document = parseDocument(readFileSync(file, "utf8"));
    const communityId = String(document.getIn(["community", "id"]));
    const departments = document.get("departments") as { items?: YamlMap[] } | undefined;
    (departments?.items ?? []).forEach((department, departmentIndex) => {
      const chatId = -((communityIndex + 1) * 1000 + departmentIndex + 1);
      department.set("chatId", chatId);
      department.set("staffUserIds", [SANDBOX_STAFF.id]);
      department.delete("forumTopics");
      department.delete("adminsAreStaff");
      const name = (department.get("name") as YamlMap | undefined)?.toJSON() as Record<string, string> | undefined;
      groups.push({ chatId, communityId, departmentId: String(department.get("id")), name: name ?? {} });
    });
    writeFileSync(file, document.toString());
  });
  return groups;
}
