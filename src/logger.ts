import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Structured logs for operators: event names and ids only. Residents' names, phones, addresses and
 * message texts never go to a log line; the redaction below is a second line of defence, not the first.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "hromada-help" },
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
