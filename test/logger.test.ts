import { Writable } from "node:stream";
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.ts";

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger("info", stream), lines };
}

describe("the logger", () => {
  it("logs an error's kind, code and Telegram status, and still redacts personal data", () => {
    const { logger, lines } = capture();
    const rateLimited = new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: 429, description: "Too Many Requests: retry after 8", parameters: { retry_after: 8 } }, "sendMessage", {});
    logger.error({ event: "update_failed", err: rateLimited, name: "Оля", text: "моя адреса" }, "an update failed");
    const network = new HttpError("Network request for 'getUpdates' failed!", Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }));
    logger.warn({ event: "x", err: network });
    logger.error({ event: "y", err: { name: "ErrnoError", errno: 51 } });

    expect(lines[0]).toMatchObject({ name: "[redacted]", text: "[redacted]", err: { type: "GrammyError", status: 429, method: "sendMessage" } });
    expect(String((lines[0]!.err as { message: string }).message)).toContain("429");
    expect(lines[1]!.err).toMatchObject({ type: "HttpError", cause: "Error ECONNRESET" });
    expect(lines[2]!.err).toMatchObject({ type: "ErrnoError", errno: 51 });
    expect(JSON.stringify(lines)).not.toMatch(/Оля|моя адреса/);
  });
});
