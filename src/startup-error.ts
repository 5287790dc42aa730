import { isPostgresUrl } from "./db/client.ts";

/**
 * One plain line for an error that stops start-up: what went wrong, which path, what to do. Never
 * `[object Object]`: the embedded database (PGlite, compiled with Emscripten) throws plain objects
 * `{ name: "ErrnoError", errno }` whose numbers are Emscripten's, not the system's.
 */

/** Emscripten's errno numbers (its own table, not Linux's) for the file errors start-up can meet. */
const EMSCRIPTEN_ERRNO: Record<number, string> = {
  2: "EACCES",
  10: "EBUSY",
  19: "EDQUOT",
  20: "EEXIST",
  29: "EIO",
  31: "EISDIR",
  44: "ENOENT",
  51: "ENOSPC",
  54: "ENOTDIR",
  63: "EPERM",
  69: "EROFS",
};

const ADVICE: Record<string, string> = {
  ENOSPC: "the disk is full: free some space on it, or set DATABASE_URL to a folder on another disk",
  EDQUOT: "the disk quota is used up: free some space, or set DATABASE_URL to a folder on another disk",
  EROFS: "the disk is read-only: set DATABASE_URL to a folder on a writable disk",
  EACCES: "this user may not write there: give the bot's user write permission on the folder (chown/chmod), or set DATABASE_URL to a folder it owns",
  EPERM: "this user may not write there: give the bot's user write permission on the folder, or set DATABASE_URL to a folder it owns",
  ENOTDIR: "part of the path is a file, not a folder: set DATABASE_URL to a folder",
  EEXIST: "a file of that name is in the way: set DATABASE_URL to a folder",
  EISDIR: "a folder is where a file should be: set DATABASE_URL to an empty folder or a database folder",
  ENOENT: "a part of the path does not exist or was removed while starting: check DATABASE_URL",
  EIO: "the disk reported an input/output error: check the disk",
  EBUSY: "the folder is in use: is another copy of the bot running on the same folder?",
};

/** The error's code (ENOSPC, EACCES …) when it is a file-system error, from Node or from Emscripten. */
export function fileErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { code, errno, name, message } = error as { code?: unknown; errno?: unknown; name?: unknown; message?: unknown };
  if (typeof code === "string" && ADVICE[code]) return code;
  if (name === "ErrnoError" && typeof errno === "number") return EMSCRIPTEN_ERRNO[errno] ?? `errno ${errno}`;
  if (typeof message === "string") {
    if (/no space left on device/i.test(message)) return "ENOSPC";
    if (/read-only file system/i.test(message)) return "EROFS";
    if (/permission denied/i.test(message)) return "EACCES";
    if (/disk quota exceeded/i.test(message)) return "EDQUOT";
  }
  return undefined;
}

/** A short description of any thrown value: its name and code and first line, never [object Object]. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const first = error.message.split("\n")[0]?.trim() ?? "";
    return [error.name, typeof code === "string" && !first.includes(code) ? code : undefined].filter(Boolean).join(" ") + (first ? `: ${first}` : "");
  }
  if (typeof error === "object" && error !== null) {
    const { name, code, errno, message } = error as Record<string, unknown>;
    const parts = [name, code, errno === undefined ? undefined : `errno ${String(errno)}`, message].filter((part) => part !== undefined && part !== "");
    return parts.length > 0 ? parts.map(String).join(" ") : JSON.stringify(error).slice(0, 200);
  }
  return String(error);
}

export function describeStartupError(error: unknown, databaseUrl: string | undefined): string {
  const code = fileErrorCode(error);
  if (code && databaseUrl && !isPostgresUrl(databaseUrl)) {
    const advice = ADVICE[code] ?? "check that the folder exists and the bot may write there";
    return `the database folder ${databaseUrl} cannot be used (${code}): ${advice}.`;
  }
  if (code) return `${describeError(error)} (${code}): ${ADVICE[code] ?? "check the disk and the folder's permissions"}.`;
  return describeError(error);
}
