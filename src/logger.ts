import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * How an error is logged (under `err`): its kind, code and first line, so an operator can tell a full
 * disk from a revoked token. The key is `type`, not `name`: `name` is redacted below (a resident's
 * name), which used to hide even the error's kind (`"name":"[redacted]"`).
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (typeof error !== "object" || error === null) return { type: typeof error, message: String(error).slice(0, 200) };
  const e = error as { name?: unknown; code?: unknown; errno?: unknown; error_code?: unknown; method?: unknown; message?: unknown; stack?: unknown; error?: unknown; cause?: unknown };
  const cause = (e.error ?? e.cause) as { name?: unknown; code?: unknown } | undefined;
  const out: Record<string, unknown> = { type: typeof e.name === "string" ? e.name : (error.constructor?.name ?? "object") };
  if (e.code !== undefined) out.code = e.code;
  if (e.errno !== undefined) out.errno = e.errno;
  if (e.error_code !== undefined) out.status = e.error_code;
  if (typeof e.method === "string") out.method = e.method;
  if (typeof e.message === "string") out.message = e.message.split("\n")[0]!.slice(0, 200);
  if (cause && typeof cause === "object") out.cause = [cause.name, cause.code].filter((part) => typeof part === "string").join(" ") || undefined;
  if (typeof e.stack === "string") out.stack = e.stack.split("\n").slice(1, 6).map((line) => line.trim()).join(" | ");
  return out;
}

/**
 * Structured logs for operators: event names and ids only. Residents' names, phones, addresses and
 * message texts never go to a log line; the redaction below is a second line of defence, not the first.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "hromada-help" },
      serializers: { err: serializeError },
      redact: {
        paths: [
          "text",
          "*.text",
          "phone",
          "*.phone",
          "name",
          "*.name",
          "first_name",
          "*.first_name",
          "last_name",
          "*.last_name",
          "username",
          "*.username",
          "address",
          "*.address",
          "token",
          "*.token",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
