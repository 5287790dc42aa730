import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { gunzip, inflate } from "node:zlib";

/**
 * The Bot API client's `fetch` (grammY's ApiClientOptions.fetch): one HTTP request on node's own
 * http/https modules, over a keep-alive agent, answered with what grammY reads of a response
 * (`json()`).
 *
 * Why not grammY's default: on Node it is node-fetch 2, which wraps each call in a Request, Headers
 * and a Body, and streams every answer through a PassThrough before it is read. A Bot API call is a
 * small JSON body each way, so that wrapping is most of the client's CPU: with the fake Bot API in the
 * same process (bench/updates.ts), a sendMessage cost 0.62–0.69 ms of CPU with node-fetch, 0.43–0.50
 * with this, 0.35–0.37 for the bare request and the fake's answer; Node 20's built-in fetch (undici's,
 * with web streams) cost 1.4–1.8. Every update pays it once or twice.
 *
 * What it keeps of node-fetch's behaviour, so the rest of the bot sees the same: the agent grammY
 * passes (keep-alive, one per apiRoot), gzip/deflate answers when `compress` is asked (grammY asks for
 * https), the abort signal (grammY's timeout, the runner's stop), a multipart stream body (files) piped
 * as it is produced, and a failed connection rejected with node's own error, whose `code`
 * (ECONNRESET, ECONNREFUSED…) the outbox reads (src/bot/outbox-delivery.ts) as it read node-fetch's.
 * No redirects are followed: the Bot API does not redirect.
 */

/** What grammY passes to `fetch` (its createJsonPayload / createFormDataPayload, and baseFetchConfig). */
interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignalLike;
  agent?: HttpAgent;
  compress?: boolean;
}

/** grammY's AbortSignal on Node is the abort-controller polyfill's: only its event methods are used. */
interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: "abort", listener: () => void): void;
  removeEventListener(type: "abort", listener: () => void): void;
}

/** What grammY reads of a response (and a little more, for anyone else calling it). */
export interface TelegramResponse {
  readonly ok: boolean;
  readonly status: number;
  text(): Promise<string>;
  json(): Promise<unknown>;
}

/** Keep-alive agents of our own, when the caller passes none (grammY always passes its own). */
const httpAgent = new HttpAgent({ keepAlive: true });
const httpsAgent = new HttpsAgent({ keepAlive: true });

function abortError(): Error {
  const error = new Error("The operation was aborted.");
  error.name = "AbortError";
  return error;
}

function decode(response: IncomingMessage, body: Buffer): Promise<Buffer> {
  const encoding = response.headers["content-encoding"];
  if (encoding !== "gzip" && encoding !== "deflate") return Promise.resolve(body);
  return new Promise((resolve, reject) => (encoding === "gzip" ? gunzip : inflate)(body, (error, result) => (error ? reject(error) : resolve(result))));
}

export function telegramFetch(url: string, init: FetchInit = {}): Promise<TelegramResponse> {
  return new Promise((resolve, reject) => {
    const { signal, body } = init;
    if (signal?.aborted) return reject(abortError());
    const secure = url.startsWith("https:");
    const headers: Record<string, string | number> = { ...init.headers };
    if (init.compress) headers["accept-encoding"] = "gzip,deflate";
    if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
    const options: RequestOptions = { method: init.method ?? "GET", headers, agent: init.agent ?? (secure ? httpsAgent : httpAgent) };
    let settled = false;
    const onAbort = () => request.destroy(abortError());
    const done = () => {
      settled = true;
      signal?.removeEventListener("abort", onAbort);
    };
    const fail = (error: Error) => {
      if (settled) return;
      done();
      reject(error);
    };
    const request = (secure ? httpsRequest : httpRequest)(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", fail);
      // The connection closed before the answer ended (node's "aborted" is an ECONNRESET too).
      response.on("close", () => {
        if (!response.complete) fail(Object.assign(new Error("the connection closed before the answer ended"), { code: "ECONNRESET" }));
      });
      response.on("end", () => {
        if (settled) return;
        decode(response, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).then((raw) => {
          if (settled) return;
          done();
          const status = response.statusCode ?? 0;
          const text = raw.toString("utf8");
          resolve({ ok: status >= 200 && status < 300, status, text: async () => text, json: async () => JSON.parse(text) as unknown });
        }, fail);
      });
    });
    request.on("error", fail);
    signal?.addEventListener("abort", onAbort);
    if (body instanceof Readable) {
      body.on("error", (error) => request.destroy(error));
      body.pipe(request);
    } else request.end(body);
  });
}
