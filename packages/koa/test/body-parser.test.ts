// heronWebhooks behind koa-bodyparser and @koa/bodyparser: it verifies with the parser's rawBody
// only when that is provably the bytes received, and otherwise says how to fix the mount order.
import { createHash } from "node:crypto";
import { text } from "node:stream/consumers";
import { gzipSync } from "node:zlib";
import { sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooks } from "@heron-webhooks/koa";
import { bodyParser as koaBodyParser } from "@koa/bodyparser";
import type { Middleware } from "koa";
import legacyBodyParser from "koa-bodyparser";
import { afterEach, describe, expect, it } from "vitest";
import { chunked, koaMajors, listen, type RunningServer, recorder } from "./helpers.js";

const secret = "whsec_koa_body_parser";
const path = "/webhooks/heron";

interface ParserOptions {
  enableTypes?: string[];
  jsonLimit?: string;
  /** Carry on to the next middleware when parsing fails (each parser names this option its own way). */
  ignoreErrors?: boolean;
}
type ParserFactory = (options?: ParserOptions) => Middleware;
const ignore = () => {};
const parsers: ReadonlyArray<readonly [string, ParserFactory]> = [
  [
    "koa-bodyparser",
    ({ ignoreErrors, ...options } = {}) =>
      legacyBodyParser({ ...options, ...(ignoreErrors && { onerror: ignore }) }),
  ],
  [
    "@koa/bodyparser",
    ({ ignoreErrors, ...options } = {}) =>
      koaBodyParser({
        ...options,
        ...(ignoreErrors && { onError: ignore }),
      } as never) as Middleware,
  ],
];
const cases = koaMajors.flatMap(([koa, Koa]) =>
  parsers.map(([parser, factory]) => [`${koa} + ${parser}`, Koa, factory] as const),
);

const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (...parts: Uint8Array[]): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(parts.flatMap((part) => [...part]));

/** Bytes that are not the UTF-8 text a parser would decode them to, signed as they are. */
async function signedBytes(bytes: Uint8Array<ArrayBuffer>) {
  return {
    body: bytes,
    headers: { "content-type": "application/json", "heron-signature": await sign(bytes, secret) },
  };
}

/** A gzip body exactly as long as the JSON it inflates to: Content-Length cannot tell them apart. */
function gzipAsLongAsItsJson() {
  const entropy = createHash("sha512").update("heron").digest("base64url");
  for (let length = 0; length <= entropy.length; length++) {
    for (let spaces = 0; spaces < 16; spaces++) {
      const json = `{"topic":"pdf.failed","created":"2026-08-14T12:24:38","data":{"heron_id":"pdf_${entropy.slice(0, length)}"},"meta":null}${" ".repeat(spaces)}`;
      const gzipped = gzipSync(json);
      if (gzipped.byteLength === json.length) return { json, gzipped };
    }
  }
  throw new Error("no gzip body as long as its JSON");
}

const envelope = (name: string) =>
  `{"topic":"end_user.processed","created":"2026-08-14T12:24:38.137886","data":{"heron_id":"eus_1","end_user_id":"${name}","status":"processed"},"meta":null}`;

describe.each(cases)("%s", (_name, Koa, bodyParser) => {
  let running: RunningServer | undefined;
  afterEach(() => running?.close());

  async function start(options: { before?: Middleware; parserOptions?: ParserOptions } = {}) {
    const record = recorder();
    const app = new Koa();
    if (options.before) app.use(options.before);
    app.use(bodyParser(options.parserOptions));
    app.use(heronWebhooks({ secret, path, ...record.options }));
    running = await listen(app);
    const post = (init: RequestInit) =>
      fetch(`${running?.url}${path}`, { method: "POST", duplex: "half", ...init } as RequestInit);
    return { ...record, post };
  }

  it("verifies a JSON delivery with non-ASCII text from the parser's rawBody", async () => {
    const { post, events, errors } = await start();
    const delivery = await createTestDelivery({
      topic: "end_user.processed",
      secret,
      data: { heron_id: "eus_1", end_user_id: "Zoë 🐦 Ünïcode", status: "processed" },
    });
    const response = await post(delivery);
    expect(response.status).toBe(200);
    expect(errors).toEqual([]);
    expect(events).toEqual([JSON.parse(delivery.body)]);
  });

  it("verifies a body pretty-printed after signing", async () => {
    const { post, events } = await start();
    const delivery = await createTestDelivery({
      topic: "pdf.processed",
      secret,
      prettyPrintAfterSigning: true,
    });
    expect((await post(delivery)).status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("verifies a form-encoded delivery: the parser keeps form text as rawBody too", async () => {
    const { post, events } = await start();
    const delivery = await createTestDelivery({ topic: "transactions.deleted", secret });
    const response = await post({
      body: delivery.body,
      headers: { ...delivery.headers, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(response.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("reads the stream itself when the parser skipped the content type", async () => {
    const { post, events } = await start();
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
    const response = await post({
      body: chunked(delivery.body),
      headers: { ...delivery.headers, "content-type": "text/plain" },
    });
    expect(response.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("verifies text/plain from rawBody when the parser has text enabled", async () => {
    const { post, events } = await start({ parserOptions: { enableTypes: ["json", "text"] } });
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
    const response = await post({
      body: delivery.body,
      headers: { ...delivery.headers, "content-type": "text/plain; charset=utf-8" },
    });
    expect(response.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("reads the stream when ctx.disableBodyParser is set for the webhook route", async () => {
    const { post, events } = await start({
      before: (ctx, next) => {
        if (ctx.path === path) ctx.disableBodyParser = true;
        return next();
      },
    });
    const delivery = await createTestDelivery({ topic: "end_user.reviewed", secret });
    const response = await post({ ...delivery, body: chunked(delivery.body) });
    expect(response.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  describe("answers 500 RAW_BODY_UNAVAILABLE naming the fix, never 401, when rawBody may differ from the bytes", () => {
    async function expectUnavailable(
      started: Awaited<ReturnType<typeof start>>,
      init: RequestInit,
    ) {
      const response = await started.post(init);
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "RAW_BODY_UNAVAILABLE" });
      expect(started.events).toEqual([]);
      expect(started.errors.map((error) => error.code)).toEqual(["RAW_BODY_UNAVAILABLE"]);
      const [error] = started.errors;
      expect(error?.message).toContain("before the body parser");
      expect(error?.message).toContain("ctx.disableBodyParser = true");
      expect(error?.message).toContain("enableTypes");
      expect(error?.message).not.toContain(secret);
    }

    it("without Content-Length (a stripped BOM could not be ruled out)", async () => {
      const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
      await expectUnavailable(await start(), { ...delivery, body: chunked(delivery.body) });
    });

    it("when the parser stripped a byte order mark", async () => {
      const bytes = concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(envelope("bom")));
      await expectUnavailable(await start(), await signedBytes(bytes));
    });

    it("when the body is not valid UTF-8 (latin-1 é)", async () => {
      const [before, after] = envelope("caf#").split("#") as [string, string];
      const bytes = concat(utf8(before), new Uint8Array([0xe9]), utf8(after));
      await expectUnavailable(await start(), await signedBytes(bytes));
    });

    it("when an invalid UTF-8 sequence decodes to U+FFFD of the same length", async () => {
      // A truncated 4-byte sequence: 3 bytes in, one 3-byte U+FFFD out, so the length still matches.
      const [before, after] = envelope("x#").split("#") as [string, string];
      const bytes = concat(utf8(before), new Uint8Array([0xf0, 0x9f, 0x98]), utf8(after));
      await expectUnavailable(await start(), await signedBytes(bytes));
    });

    it("when the parser gave up at its own limit after reading part of the body", async () => {
      const started = await start({ parserOptions: { jsonLimit: "64b", ignoreErrors: true } });
      const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
      await expectUnavailable(started, { ...delivery, body: chunked(delivery.body) });
    });

    it("when the parser inflated a Content-Encoding, even to the same length", async () => {
      const { json, gzipped } = gzipAsLongAsItsJson();
      await expectUnavailable(await start(), {
        body: gzipped,
        headers: {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "heron-signature": await sign(json, secret),
        },
      });
    });
  });

  it("works mounted before the parser, which still parses the app's other routes", async () => {
    const record = recorder();
    const app = new Koa();
    app.use(heronWebhooks({ secret, path, ...record.options }));
    app.use(bodyParser());
    app.use((ctx) => {
      ctx.body = { parsed: (ctx.request as { body?: unknown }).body };
    });
    running = await listen(app);
    const delivery = await createTestDelivery({ topic: "end_user.review_required", secret });
    const webhook = await fetch(`${running.url}${path}`, {
      method: "POST",
      ...delivery,
      body: chunked(delivery.body),
      duplex: "half",
    } as RequestInit);
    expect(webhook.status).toBe(200);
    expect(record.events).toHaveLength(1);
    const other = await fetch(`${running.url}/api`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await other.json()).toEqual({ parsed: { a: 1 } });
  });
});

describe.each(koaMajors)("%s with a body reader that keeps no rawBody", (_name, Koa) => {
  let running: RunningServer | undefined;
  afterEach(() => running?.close());

  it("answers 500 RAW_BODY_UNAVAILABLE at once", async () => {
    const record = recorder();
    const app = new Koa();
    app.use(async (ctx, next) => {
      (ctx.request as { body?: unknown }).body = JSON.parse(await text(ctx.req));
      await next();
    });
    app.use(heronWebhooks({ secret, path, ...record.options }));
    running = await listen(app);
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
    const response = await fetch(`${running.url}${path}`, { method: "POST", ...delivery });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: "RAW_BODY_UNAVAILABLE" });
    expect(record.events).toEqual([]);
    expect(record.errors[0]?.message).toContain("before the body parser");
  });
});
