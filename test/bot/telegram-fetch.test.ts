import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { Api, HttpError, InputFile } from "grammy";
import { classifyError } from "../../src/bot/outbox-delivery.ts";
import { directCalls, telegramFetch } from "../../src/bot/telegram-fetch.ts";

/** A local HTTP server answering each request with `answer`; counts the connections it was given. */
async function serve(answer: (request: IncomingMessage, body: Buffer, response: ServerResponse) => void) {
  const sockets: Socket[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => answer(request, Buffer.concat(chunks), response));
  });
  server.on("connection", (socket) => sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(server);
  return { root, sockets };
}
const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const json = (response: ServerResponse, value: unknown, status = 200) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(value));
};

describe("telegramFetch (the Bot API client's fetch)", () => {
  it("sends grammY's JSON calls and reads their answers, all over one kept-alive connection", async () => {
    const seen: Array<{ url: string; type: string; body: unknown }> = [];
    const { root, sockets } = await serve((request, body, response) => {
      seen.push({ url: request.url!, type: request.headers["content-type"]!, body: JSON.parse(body.toString("utf8")) });
      json(response, { ok: true, result: { message_id: seen.length, date: 0, chat: { id: 5, type: "private" }, text: "ок" } });
    });
    const api = new Api("1:token", { apiRoot: root, fetch: telegramFetch as never });
    for (let i = 0; i < 3; i++) expect((await api.sendMessage(5, `Привіт ${i} — «так»`)).message_id).toBe(i + 1);
    expect(seen.map(({ url }) => url)).toEqual(Array(3).fill("/bot1:token/sendMessage"));
    expect(seen[2]).toMatchObject({ type: "application/json", body: { chat_id: 5, text: "Привіт 2 — «так»" } });
    expect(sockets).toHaveLength(1);
  });

  it("gives Telegram's refusals to grammY as they came (a GrammyError with its code)", async () => {
    const { root } = await serve((_request, _body, response) => json(response, { ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }, 403));
    const api = new Api("1:token", { apiRoot: root, fetch: telegramFetch as never });
    const error = await api.sendMessage(5, "x").catch((caught: unknown) => caught);
    expect(classifyError(error)).toMatchObject({ outcome: "unreachable", error: "403: Forbidden: bot was blocked by the user" });
  });

  it("asks for and reads a gzip answer when told to compress (as grammY does over https)", async () => {
    const { root } = await serve((request, _body, response) => {
      const zipped = String(request.headers["accept-encoding"]).includes("gzip");
      response.writeHead(200, { "content-type": "application/json", ...(zipped ? { "content-encoding": "gzip" } : {}) });
      const body = JSON.stringify({ ok: true, result: zipped ? "zipped" : "plain" });
      response.end(zipped ? gzipSync(body) : body);
    });
    const read = async (compress: boolean) => (await (await telegramFetch(`${root}/x`, { method: "POST", body: "{}", compress })).json()) as { result: string };
    expect((await read(true)).result).toBe("zipped");
    expect((await read(false)).result).toBe("plain");
  });

  it("uploads a file as grammY's multipart stream", async () => {
    let received = "";
    const { root } = await serve((request, body, response) => {
      received = `${request.headers["content-type"]}\n${body.toString("utf8")}`;
      json(response, { ok: true, result: { message_id: 1, date: 0, chat: { id: -7, type: "supergroup", title: "G" }, document: { file_id: "f", file_unique_id: "u" } } });
    });
    const api = new Api("1:token", { apiRoot: root, fetch: telegramFetch as never });
    await api.sendDocument(-7, new InputFile(Buffer.from("звіт;1\n"), "export.csv"));
    expect(received).toMatch(/^multipart\/form-data; boundary=/);
    expect(received).toContain("filename=export.csv");
    expect(received).toContain("звіт;1");
  });

  it("stops at once when aborted (grammY's timeout, the runner's stop), and the server's socket is let go", async () => {
    const { root } = await serve(() => undefined); // never answers
    const controller = new AbortController();
    const call = telegramFetch(`${root}/bot1:token/getUpdates`, { method: "POST", body: "{}", signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(call).rejects.toMatchObject({ name: "AbortError" });
    await expect(telegramFetch(`${root}/x`, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("fails as node-fetch did: a refused connection is not sent, a reset one may have been", async () => {
    const { root, sockets } = await serve(() => {
      for (const socket of sockets) socket.destroy();
    });
    const reset = await new Api("1:token", { apiRoot: root, fetch: telegramFetch as never }).sendMessage(5, "x").catch((caught: unknown) => caught);
    expect(reset).toBeInstanceOf(HttpError);
    expect(classifyError(reset)).toMatchObject({ outcome: "retry", error: "network: ECONNRESET", uncertain: true });

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await new Api("1:token", { apiRoot: `http://127.0.0.1:${port}`, fetch: telegramFetch as never }).sendMessage(5, "x").catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(HttpError);
    expect(classifyError(refused)).toEqual({ outcome: "retry", error: "network: ECONNREFUSED" });
  });

  it("turns an answer that is not JSON (a proxy's 502 page) into grammY's HttpError", async () => {
    const { root } = await serve((_request, _body, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html>Bad Gateway</html>");
    });
    const error = await new Api("1:token", { apiRoot: root, fetch: telegramFetch as never }).sendMessage(5, "x").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpError);
    expect(classifyError(error)).toMatchObject({ outcome: "retry" });
  });
});

describe("directCalls (JSON-only calls sent without grammY's client layer)", () => {
  /** An Api whose JSON-only calls go through directCalls; `grammy` counts the calls its own client made. */
  const directApi = (root: string, options: { timeoutSeconds?: number; viaGrammy?: (method: string) => boolean } = {}) => {
    const grammy: string[] = [];
    const api = new Api("1:token", {
      apiRoot: root,
      fetch: ((url: string, init: never) => {
        grammy.push(url.slice(url.lastIndexOf("/") + 1));
        return telegramFetch(url, init);
      }) as never,
    });
    api.config.use(directCalls({ apiRoot: root, token: "1:token", timeoutSeconds: options.timeoutSeconds ?? 45, viaGrammy: options.viaGrammy }));
    return { api, grammy };
  };

  it("sends what grammY would (URL, JSON without nulls) and gives back Telegram's answers and refusals", async () => {
    const seen: Array<{ url: string; type: string; body: string }> = [];
    const { root, sockets } = await serve((request, body, response) => {
      seen.push({ url: request.url!, type: request.headers["content-type"]!, body: body.toString("utf8") });
      if (request.url!.endsWith("/deleteMessage")) return json(response, { ok: false, error_code: 400, description: "Bad Request: message to delete not found" }, 400);
      json(response, { ok: true, result: { message_id: seen.length, date: 0, chat: { id: 5, type: "private" }, text: "ок" } });
    });
    const { api, grammy } = directApi(root);
    expect((await api.sendMessage(5, "Привіт — «так»", { reply_markup: { inline_keyboard: [[{ text: "Так", callback_data: "d1:y" }]] } })).message_id).toBe(1);
    await api.editMessageText(5, 1, "null і ще", { reply_markup: null as never, link_preview_options: undefined });
    const refused = await api.deleteMessage(5, 9).catch((caught: unknown) => caught);
    expect(classifyError(refused)).toMatchObject({ error: "400: Bad Request: message to delete not found" });
    expect(seen.map(({ url }) => url)).toEqual(["/bot1:token/sendMessage", "/bot1:token/editMessageText", "/bot1:token/deleteMessage"]);
    expect(seen[0]).toMatchObject({ type: "application/json" });
    expect(JSON.parse(seen[0]!.body)).toEqual({ chat_id: 5, text: "Привіт — «так»", reply_markup: { inline_keyboard: [[{ text: "Так", callback_data: "d1:y" }]] } });
    // A null is left out, as grammY's createJsonPayload does (a text saying "null" stays).
    expect(JSON.parse(seen[1]!.body)).toEqual({ chat_id: 5, message_id: 1, text: "null і ще" });
    expect(grammy).toEqual([]);
    expect(sockets).toHaveLength(1);
  });

  it("keeps the API root's path and names its host, as a request made from the URL does", async () => {
    const seen: Array<{ url: string; host: string; length: string }> = [];
    const { root } = await serve((request, body, response) => {
      seen.push({ url: request.url!, host: request.headers.host!, length: `${request.headers["content-length"]}/${body.length}` });
      json(response, { ok: true, result: true });
    });
    await directApi(`${root}/telegram`).api.answerCallbackQuery("q1", { text: "Готово ✓" });
    expect(seen).toEqual([{ url: "/telegram/bot1:token/answerCallbackQuery", host: new URL(root).host, length: expect.stringMatching(/^(\d+)\/\1$/) }]);
  });

  it("leaves files, calls with a signal, and what it is told to grammY's client", async () => {
    const { root } = await serve((_request, _body, response) => json(response, { ok: true, result: true }));
    const { api, grammy } = directApi(root, { viaGrammy: (method) => method === "answerCallbackQuery" });
    await api.answerCallbackQuery("q1");
    await api.sendDocument(-7, new InputFile(Buffer.from("x"), "x.csv"));
    await api.sendMessage(5, "x", undefined, new AbortController().signal as never);
    await api.sendMessage(5, "y");
    expect(grammy).toEqual(["answerCallbackQuery", "sendDocument", "sendMessage"]);
  });

  it("fails as grammY's client does: an HttpError around node's error, a 502 page, a call not answered in time", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await directApi(`http://127.0.0.1:${port}`).api.sendMessage(5, "x").catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(HttpError);
    expect(classifyError(refused)).toEqual({ outcome: "retry", error: "network: ECONNREFUSED" });

    const { root: proxy } = await serve((_request, _body, response) => {
      response.writeHead(502, { "content-type": "text/html" });
      response.end("<html>Bad Gateway</html>");
    });
    const bad = await directApi(proxy).api.sendMessage(5, "x").catch((caught: unknown) => caught);
    expect(bad).toBeInstanceOf(HttpError);
    expect(classifyError(bad)).toMatchObject({ outcome: "retry" });

    const { root: silent } = await serve(() => undefined); // never answers
    const late = await directApi(silent, { timeoutSeconds: 0.2 }).api.sendMessage(5, "x").catch((caught: unknown) => caught);
    expect(late).toBeInstanceOf(HttpError);
    expect(String((late as HttpError).error)).toContain("timed out after 0.2 seconds");
  });
});
