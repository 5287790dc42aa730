import { Agent as HttpAgent, request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { gunzip, inflate } from "node:zlib";
import { HttpError, type Transformer } from "grammy";

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
  return exchange(url, init).then(({ status, text }) => ({ ok: status >= 200 && status < 300, status, text: async () => text, json: async () => JSON.parse(text) as unknown }));
}

/** An answer's status and text. */
interface Exchanged {
  status: number;
  text: string;
}

/**
 * One request's state and handlers, as methods: run through tsx (npm start), every closure bound to a
 * name is renamed when it is made (esbuild's keepNames: a defineProperty per closure), and a call made
 * five of them.
 */
class Exchange {
  settled = false;
  readonly chunks: Buffer[] = [];
  request!: ClientRequest;
  readonly onAbort: (() => void) | undefined;

  constructor(
    private readonly resolve: (answer: Exchanged) => void,
    private readonly reject: (error: Error) => void,
    private readonly signal: AbortSignalLike | undefined,
  ) {
    this.onAbort = signal ? () => this.request.destroy(abortError()) : undefined;
  }

  done(): void {
    this.settled = true;
    if (this.onAbort) this.signal?.removeEventListener("abort", this.onAbort);
  }

  fail(error: Error): void {
    if (this.settled) return;
    this.done();
    this.reject(error);
  }

  answered(response: IncomingMessage): void {
    response.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    response.on("error", (error) => this.fail(error));
    // The connection closed before the answer ended (node's "aborted" is an ECONNRESET too).
    response.on("close", () => {
      if (!response.complete) this.fail(Object.assign(new Error("the connection closed before the answer ended"), { code: "ECONNRESET" }));
    });
    response.on("end", () => {
      if (this.settled) return;
      const { chunks } = this;
      decode(response, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).then(
        (raw) => {
          if (this.settled) return;
          this.done();
          this.resolve({ status: response.statusCode ?? 0, text: raw.toString("utf8") });
        },
        (error: Error) => this.fail(error),
      );
    });
  }
}

/**
 * One HTTP request and its whole answer, decoded; `started` sees the request (directCall's watchdog).
 * With `prepared`, the request's whole options (host, path, method, agent, headers as a flat list)
 * instead of `url` and `init`'s method, headers and agent: no URL parsed and no header checked per call.
 */
function exchange(url: string, init: FetchInit, started?: (request: ClientRequest) => void, prepared?: RequestOptions): Promise<Exchanged> {
  return new Promise((resolve, reject) => {
    const { signal, body } = init;
    if (signal?.aborted) return reject(abortError());
    const secure = url.startsWith("https:");
    const call = new Exchange(resolve, reject, signal);
    const send = secure ? httpsRequest : httpRequest;
    if (prepared) call.request = send(prepared, (response) => call.answered(response));
    else {
      const headers: Record<string, string | number> = { ...init.headers };
      if (init.compress) headers["accept-encoding"] = "gzip,deflate";
      if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
      const options: RequestOptions = { method: init.method ?? "GET", headers, agent: init.agent ?? (secure ? httpsAgent : httpAgent) };
      call.request = send(url, options, (response) => call.answered(response));
    }
    const { request } = call;
    request.on("error", (error) => call.fail(error));
    if (call.onAbort) signal?.addEventListener("abort", call.onAbort);
    started?.(request);
    if (body instanceof Readable) {
      body.on("error", (error) => request.destroy(error));
      body.pipe(request);
    } else request.end(body);
  });
}

/**
 * Bot API methods whose payload is JSON only (no file can be in it): the ones directCalls sends
 * itself. Every other method goes through grammY's client as before.
 */
const JSON_ONLY_METHODS = new Set([
  "sendMessage",
  "editMessageText",
  "editMessageReplyMarkup",
  "answerCallbackQuery",
  "deleteMessage",
  "deleteMessages",
  "sendChatAction",
  "copyMessage",
  "copyMessages",
  "forwardMessage",
  "forwardMessages",
  "setMessageReaction",
  "pinChatMessage",
  "unpinChatMessage",
  "getChat",
  "getChatMember",
  "leaveChat",
  "sendContact",
  "sendLocation",
  "sendVenue",
]);

/** In-flight direct calls and when each gives up (one sweep a second instead of a timer per call). */
const deadlines = new Map<ClientRequest, { at: number; method: string; timeoutSeconds: number }>();
let sweeper: NodeJS.Timeout | undefined;

function watch(request: ClientRequest, method: string, timeoutSeconds: number): void {
  deadlines.set(request, { at: Date.now() + timeoutSeconds * 1_000, method, timeoutSeconds });
  if (sweeper) return;
  sweeper = setInterval(() => {
    const now = Date.now();
    for (const [late, { at, method: name, timeoutSeconds: seconds }] of deadlines) {
      if (at > now) continue;
      deadlines.delete(late);
      late.destroy(new Error(`Request to '${name}' timed out after ${seconds} seconds`));
    }
    if (deadlines.size === 0) {
      clearInterval(sweeper);
      sweeper = undefined;
    }
  }, 1_000);
  sweeper.unref();
}

/** grammY's error for a call that got no answer it could read (its toHttpError). */
function callFailed(method: string, error: unknown): HttpError {
  return new HttpError(`Network request for '${method}' failed!`, error);
}

/** grammY's JSON body: `null` values left out of objects (its createJsonPayload); JSON.stringify alone when there is none. */
function jsonBody(payload: unknown): string {
  const plain = JSON.stringify(payload ?? {});
  return plain.includes("null") ? JSON.stringify(payload ?? {}, (_key, value: unknown) => value ?? undefined) : plain;
}

export interface DirectCallOptions {
  apiRoot: string;
  token: string;
  /** grammY's timeoutSeconds: a call not answered by then fails with an HttpError. */
  timeoutSeconds: number;
  /** Methods left to grammY's client (webhook mode's answerCallbackQuery, which can go back in the webhook's answer). */
  viaGrammy?: (method: string) => boolean;
  /**
   * The client's `fetch` now (grammY's client options): when it is not telegramFetch (a test's
   * in-process fake), the call goes to it, with no timeout of ours.
   */
  fetchOf?: () => unknown;
}

/**
 * An API transformer, installed first on bot.api (so innermost on every API grammY makes from it),
 * that sends a JSON-only call itself instead of passing it to grammY's client: the same request
 * (POST, JSON with grammY's null handling, the same URL) through `exchange`, the same answer (the Bot
 * API's JSON, whatever the status), the same failures (an HttpError around node's error; a call not
 * answered in `timeoutSeconds`). What it skips of grammY's client per call: its abort-controller
 * polyfill (an EventTarget per call), a 45-s timer set and cleared, a race of three promises, a
 * walk of the payload for files and JSON.stringify with a replacer called for every value. A call
 * with an abort signal (long polling's getUpdates) or a file, and whatever `viaGrammy` names, goes
 * to grammY's client as before.
 */
export function directCalls({ apiRoot, token, timeoutSeconds, viaGrammy, fetchOf }: DirectCallOptions): Transformer {
  const secure = apiRoot.startsWith("https:");
  const agent = secure ? httpsAgent : httpAgent;
  const init: FetchInit = { method: "POST", headers: { "content-type": "application/json", connection: "keep-alive" }, agent, compress: secure };
  // The request's options made once but for the path and the body's length (~45 µs of a call's CPU less than from a URL and a headers object).
  const root = new URL(apiRoot);
  const fixed: RequestOptions = { protocol: root.protocol, hostname: root.hostname.replace(/^\[(.*)\]$/, "$1"), port: root.port || undefined, method: "POST", agent };
  const path = `${root.pathname.replace(/\/$/, "")}/bot${token}/`;
  const headers = (length: number) => [
    "Host",
    root.host,
    "Content-Type",
    "application/json",
    "Connection",
    "keep-alive",
    "Content-Length",
    String(length),
    ...(secure ? ["Accept-Encoding", "gzip,deflate"] : []),
  ];
  return (prev, method, payload, signal) => {
    if (signal !== undefined || !JSON_ONLY_METHODS.has(method) || viaGrammy?.(method)) return prev(method, payload, signal);
    let body: string;
    try {
      body = jsonBody(payload);
    } catch (error) {
      return Promise.reject(callFailed(method, error));
    }
    const url = `${apiRoot}/bot${token}/${method}`;
    const fetch = fetchOf?.();
    if (typeof fetch === "function" && fetch !== telegramFetch) {
      return Promise.resolve((fetch as typeof telegramFetch)(url, { ...init, body }))
        .then((response) => response.json())
        .then(
          (data) => data as never,
          (error: unknown) => {
            throw callFailed(method, error);
          },
        );
    }
    let sent: ClientRequest | undefined;
    const options: RequestOptions = { ...fixed, path: path + method, headers: headers(Buffer.byteLength(body)) };
    return exchange(url, { body }, (request) => watch((sent = request), method, timeoutSeconds), options).then(
      ({ text }) => {
        if (sent) deadlines.delete(sent);
        try {
          return JSON.parse(text) as never;
        } catch (error) {
          throw callFailed(method, error);
        }
      },
      (error: unknown) => {
        if (sent) deadlines.delete(sent);
        throw callFailed(method, error);
      },
    );
  };
}
