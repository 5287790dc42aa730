import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { WebhookReplyEnvelope } from "grammy";
import type { Update } from "grammy/types";
import type { Database } from "../db/client.ts";
import type { Logger } from "../logger.ts";
import type { Health } from "./health.ts";
import type { ReportFiles } from "../report/publish.ts";
import type { Metrics } from "./metrics.ts";

/**
 * The HTTP side of the bot: the Telegram webhook (in webhook mode), /healthz and /metrics, and the
 * public report (/report, /report.csv, /report.json) when PUBLIC_REPORT=true.
 * The webhook checks Telegram's secret header, limits the body, and answers as soon as the update is
 * handled (or after a deadline, then finishing in the background, so Telegram does not redeliver a
 * slow but healthy update). That answer may carry one Bot API call (Telegram's "webhook reply": a
 * press's answerCallbackQuery, see create-bot.ts), held until the update is handled: answered earlier,
 * a crash mid-update would leave Telegram believing it delivered. Shutdown stops taking requests and
 * waits for those in flight.
 */

export const MAX_UPDATE_BYTES = 256 * 1024;
const HANDLING_DEADLINE_MS = 8_000;

export interface HttpServerOptions {
  db: Database;
  metrics: Metrics;
  logger: Logger;
  /** Problems that make the instance `degraded` (still serving, but an operator must look). */
  health?: Health;
  /**
   * In webhook mode: the bot, the path Telegram calls (from WEBHOOK_URL) and the secret it must send.
   * `callLate` makes a call the bot meant for the webhook reply (a JSON body with its `method`) after
   * the answer has gone (past the deadline): then it must go to the Bot API itself.
   */
  webhook?: {
    handleUpdate: (update: Update, reply: WebhookReplyEnvelope) => Promise<void>;
    callLate: (payload: string) => Promise<unknown>;
    path: string;
    secret: string;
    /** How long Telegram's call waits for the update to be handled (tests shorten it). */
    handlingDeadlineMs?: number;
  };
  /** The public report (PUBLIC_REPORT=true); without it /report is 404. */
  report?: { files(): Promise<ReportFiles> };
}

export interface HttpServer {
  readonly server: Server;
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, waits for in-flight updates, then resolves. */
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(request.headers["content-length"] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function send(response: ServerResponse, status: number, body: string, type = "text/plain; charset=utf-8"): void {
  if (response.headersSent) return;
  response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

/** The report's files by path; the page is static (no script runs), so the policy allows none. */
const REPORT_HEADERS = {
  "cache-control": "public, max-age=300",
  "x-content-type-options": "nosniff",
  "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

async function handleReport(report: { files(): Promise<ReportFiles> }, path: string, url: URL, response: ServerResponse): Promise<void> {
  const files = await report.files();
  const [body, type] =
    path === "/report.csv"
      ? [files.csv, "text/csv; charset=utf-8"]
      : path === "/report.json"
        ? [files.json, "application/json; charset=utf-8"]
        : [url.searchParams.get("lang") === "en" ? files.en : files.uk, "text/html; charset=utf-8"];
  response.writeHead(200, { ...REPORT_HEADERS, "content-type": type, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

export function createHttpServer({ db, metrics, logger, health, webhook, report }: HttpServerOptions): HttpServer {
  const inFlight = new Set<Promise<unknown>>();
  let closing = false;

  async function handleWebhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!webhook) return send(response, 404, "not found");
    if (request.method !== "POST") return send(response, 405, "method not allowed");
    if (request.headers["x-telegram-bot-api-secret-token"] !== webhook.secret) {
      logger.warn({ event: "webhook_unauthorised" }, "webhook call without the right secret");
      return send(response, 401, "unauthorised");
    }
    if (closing) return send(response, 503, "shutting down"); // Telegram retries: another instance takes it
    let update: Update;
    try {
      update = JSON.parse(await readBody(request, MAX_UPDATE_BYTES)) as Update;
      if (typeof update?.update_id !== "number") throw new SyntaxError("no update_id");
    } catch (error) {
      if (error instanceof BodyTooLarge) return send(response, 413, "too large");
      return send(response, 400, "bad update");
    }
    let answered = false;
    let replyCall: string | undefined;
    const reply: WebhookReplyEnvelope = {
      send: async (payload) => {
        if (!answered) replyCall = payload;
        else await webhook.callLate(payload);
      },
    };
    const handling = webhook.handleUpdate(update, reply).catch((error: unknown) => {
      // bot.catch has logged it; the update is answered 200 so Telegram does not hammer a broken update.
      logger.debug({ event: "webhook_update_failed", update: update.update_id, err: error }, "update failed");
    });
    inFlight.add(handling);
    void handling.finally(() => inFlight.delete(handling));
    const deadline = new Promise((resolve) => setTimeout(resolve, webhook.handlingDeadlineMs ?? HANDLING_DEADLINE_MS).unref());
    await Promise.race([handling, deadline]);
    answered = true;
    if (replyCall === undefined) send(response, 200, "");
    else send(response, 200, replyCall, "application/json");
  }

  async function handleHealth(response: ServerResponse): Promise<void> {
    try {
      await db.prisma.$queryRaw`SELECT 1`;
      const problems = health?.list() ?? [];
      // Degraded is still 200: the instance serves what it can, and restarting it would not bring
      // Telegram or a staff group back; the status and its reasons are for the operator.
      const status = closing ? "stopping" : problems.length > 0 ? "degraded" : "ok";
      send(response, closing ? 503 : 200, JSON.stringify({ status, database: db.kind, ...(problems.length > 0 ? { problems } : {}) }), "application/json");
    } catch {
      send(response, 503, JSON.stringify({ status: "database unavailable" }), "application/json");
    }
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const path = url.pathname;
    const work = (async () => {
      if (webhook && path === webhook.path) return handleWebhook(request, response);
      if (request.method === "GET" && path === "/healthz") return handleHealth(response);
      if (request.method === "GET" && path === "/metrics") {
        return send(response, 200, await metrics.registry.metrics(), metrics.registry.contentType);
      }
      if (report && request.method === "GET" && (path === "/report" || path === "/report.csv" || path === "/report.json")) {
        return handleReport(report, path, url, response);
      }
      send(response, 404, "not found");
    })().catch((error: unknown) => {
      logger.error({ event: "http_error", err: error }, "HTTP request failed");
      send(response, 500, "internal error");
    });
    void work;
  });
  server.requestTimeout = 15_000;
  server.headersTimeout = 10_000;

  return {
    server,
    listen(port, host = "0.0.0.0") {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : port);
        });
      });
    },
    async close() {
      closing = true;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await Promise.allSettled([...inFlight]);
    },
  };
}
