// An app-wide body parser before the webhook route: the trap where raw-body verification breaks.
import { gzipSync } from "node:zlib";
import { sign } from "@heron-webhooks/core";
import { captureRawBody, heronWebhooks } from "@heron-webhooks/express";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  type ExpressModule,
  majors,
  type RunningServer,
  recordExpressErrors,
  recorder,
  serve,
} from "./helpers.js";

const secret = "whsec_express_raw_body";

// Bytes no parse-then-reserialise verifier reproduces: a \u escape, 1.0, raw UTF-8.
const body =
  '{"topic":"end_user.processed","created":"2026-08-14T12:24:38.137886",' +
  '"data":{"heron_id":"eus_1","end_user_id":"caf\\u00e9 ünïcode","status":"processed","score":1.0},' +
  '"meta":null}';
const signature = await sign(body, secret);
const tampered = body.replace("eus_1", "eus_2");

type Mount = (express: ExpressModule) => ReturnType<ExpressModule["json"]>;
type ParserOptions = { verify?: typeof captureRawBody };
const parsers: {
  parser: string;
  contentType: string;
  make: (express: ExpressModule, options?: ParserOptions) => ReturnType<Mount>;
}[] = [
  {
    parser: "json",
    contentType: "application/json",
    make: (express, options) => express.json(options),
  },
  {
    parser: "text",
    contentType: "text/plain; charset=utf-8",
    make: (express, options) => express.text(options),
  },
  {
    parser: "urlencoded",
    contentType: "application/x-www-form-urlencoded",
    make: (express, options) => express.urlencoded({ extended: false, ...options }),
  },
];

function post(url: string, payload: BodyInit, headers: Record<string, string>) {
  return fetch(`${url}/webhooks/heron`, {
    method: "POST",
    body: payload,
    headers: { "heron-signature": signature, ...headers },
  });
}

describe.each(majors)("$name: body parsers mounted before heronWebhooks", ({ express }) => {
  let served: RunningServer | undefined;
  afterEach(() => served?.close());

  /** An app with `before` mounted app-wide, then the webhook route, then an error recorder. */
  async function start(before: Mount, options: { maxBodyBytes?: number; onError?: false } = {}) {
    const recorded = recorder();
    const app = express();
    app.use(before(express));
    app.post(
      "/webhooks/heron",
      heronWebhooks({
        secret,
        maxBodyBytes: options.maxBodyBytes,
        on: recorded.handlers.on,
        onError: options.onError === false ? undefined : recorded.handlers.onError,
      }),
    );
    recordExpressErrors(app, recorded);
    served = await serve(app);
    return { url: served.url, recorded };
  }

  describe.each(parsers)("express.$parser()", ({ contentType, make }) => {
    it("without captureRawBody: 500 RAW_BODY_UNAVAILABLE at once, naming both fixes", async () => {
      const { url, recorded } = await start((express) => make(express));
      const response = await post(url, body, { "content-type": contentType });
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: "RAW_BODY_UNAVAILABLE" });
      expect(recorded.events).toEqual([]);
      expect(recorded.expressErrors).toEqual([]);
      const [error] = recorded.errors;
      expect(error?.code).toBe("RAW_BODY_UNAVAILABLE");
      expect(error?.message).toContain("Mount heronWebhooks() before express.json()");
      expect(error?.message).toContain("verify: captureRawBody");
    });

    it("with { verify: captureRawBody }: verifies the exact bytes received", async () => {
      const { url, recorded } = await start((express) => make(express, { verify: captureRawBody }));
      const response = await post(url, body, { "content-type": contentType });
      expect(response.status).toBe(200);
      expect(recorded.events).toEqual([JSON.parse(body)]);
      expect(recorded.errors).toEqual([]);
    });

    it("with { verify: captureRawBody }: a tampered body is still a 401", async () => {
      const { url, recorded } = await start((express) => make(express, { verify: captureRawBody }));
      const response = await post(url, tampered, { "content-type": contentType });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: "SIGNATURE_MISMATCH" });
      expect(recorded.events).toEqual([]);
    });
  });

  it.each<{ case: string; headers: Record<string, string> }>([
    { case: "text/plain", headers: { "content-type": "text/plain" } },
    { case: "no content type", headers: {} },
  ])(
    "express.json() skips $case and leaves the stream: it is read and verified",
    async ({ headers }) => {
      const { url, recorded } = await start((express) => express.json());
      // A Uint8Array body: fetch adds no content type of its own.
      const response = await post(url, new TextEncoder().encode(body), headers);
      expect(response.status).toBe(200);
      expect(recorded.events).toEqual([JSON.parse(body)]);
    },
  );

  it("express.raw() that skipped the content type leaves the stream: it is read and verified", async () => {
    const { url, recorded } = await start((express) => express.raw());
    const response = await post(url, body, { "content-type": "application/json" });
    expect(response.status).toBe(200);
    expect(recorded.events).toEqual([JSON.parse(body)]);
  });

  it("uses the Buffer from express.raw() as is", async () => {
    const { url, recorded } = await start((express) => express.raw({ type: "*/*" }));
    expect((await post(url, body, { "content-type": "application/json" })).status).toBe(200);
    expect((await post(url, tampered, { "content-type": "application/json" })).status).toBe(401);
    expect(recorded.events).toEqual([JSON.parse(body)]);
  });

  it("a gzip body inflated by express.json(): 500 RAW_BODY_UNAVAILABLE, not a 401", async () => {
    const { url, recorded } = await start((express) => express.json());
    const response = await post(url, gzipSync(body), {
      "content-type": "application/json",
      "content-encoding": "gzip",
    });
    expect(response.status).toBe(500);
    expect(recorded.errors.map((error) => error.code)).toEqual(["RAW_BODY_UNAVAILABLE"]);
  });

  it("applies maxBodyBytes to captured bytes too", async () => {
    const { url, recorded } = await start((express) => express.json({ verify: captureRawBody }), {
      maxBodyBytes: 64,
    });
    const response = await post(url, body, { "content-type": "application/json" });
    expect(response.status).toBe(413);
    expect(recorded.events).toEqual([]);
  });

  it("without onError, logs RAW_BODY_UNAVAILABLE with the fix, and no stack", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { url } = await start((express) => express.json(), { onError: false });
      expect((await post(url, body, { "content-type": "application/json" })).status).toBe(500);
      const lines = log.mock.calls.map((args) => args.join(" "));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain("RAW_BODY_UNAVAILABLE");
      expect(lines[0]).toContain("verify: captureRawBody");
      expect(lines[0]).not.toMatch(/\n\s+at /);
    } finally {
      log.mockRestore();
    }
  });
});
