import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Where the catalogue names a chat id (`chatId: -100…` in data/catalog/<community>.yaml), so the
 * operator can be told exactly which line to update when Telegram moves a group.
 */
export function findChatIdLine(catalogDir: string | undefined, chatId: bigint | number): { file: string; line: number } | undefined {
  if (!catalogDir) return undefined;
  let files: string[];
  try {
    files = readdirSync(catalogDir).filter((name) => /\.ya?ml$/.test(name));
  } catch {
    return undefined;
  }
  const pattern = new RegExp(`^\\s*chatId:\\s*["']?${String(chatId)}["']?\\s*(#.*)?$`);
  for (const name of files.sort()) {
    const lines = readFileSync(path.join(catalogDir, name), "utf8").split("\n");
    const index = lines.findIndex((line) => pattern.test(line));
    if (index >= 0) return { file: path.join(catalogDir, name), line: index + 1 };
  }
  return undefined;
}
