import { type HeronWebhookError, type HeronWebhookEvent, sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooks } from "@heron-webhooks/fastify";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import { readBodyInPreParsing } from "./hooks.js";
import { send } from "./http.js";
import { majors } from "./majors.js";

const secret = "whsec_fastify_test";

/** A delivery of about `bytes` bytes, on a topic Heron may add one day. */
function deliveryOfSize(bytes: number) {
  return createTestDelivery({ topic: "test.padded", secret, data: { pad: "x".repeat(bytes) } });
}

describe.each(majors)("$name", ({ create }) => {
  const apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  /** An app with the plugin and an `/echo` route that shows how the app's own parsers saw a body. */
  function setup(options: { maxBodyBytes?: number } = {}, appOptions = {}) {
    const app = create(appOptions);
    apps.push(app);
    const events: HeronWebhookEvent[] = [];
    const errors: HeronWebhookError[] = [];
    app.post("/echo", async (request) => ({ body: request.body }));
    app.register(heronWebhooks, {
      prefix: "/webhooks/heron",
      secret,
      on: { "*": (event) => void events.push(event) },
      onError: (error) => void errors.push(error),
      ...options,
    });
    return { app, events, errors };
  }

  async function listen(app: FastifyInstance) {
    return app.listen({ port: 0, host: "127.0.0.1" });
  }

  it("verifies a delivery at /webhooks/heron while the app's other routes keep parsing JSON", async () => {
    const { app, events } = setup();
    const url = await listen(app);
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

    const answer = await send(`${url}/webhooks/heron`, delivery);
    expect(answer).toMatchObject({ status: 200, body: '{"ok":true}' });
    expect(events).toEqual([JSON.parse(delivery.body)]);

    const echo = await send(`${url}/echo`, delivery);
    expect(JSON.parse(echo.body)).toEqual({ body: JSON.parse(delivery.body) });
  });

  it.each(["before", "after"])(
    "reads the raw bytes when the app registered its own parsers at the root %s the plugin",
    async (order) => {
      const app = create();
      apps.push(app);
      const events: HeronWebhookEvent[] = [];
      // Parsers that consume the stream: if one ran for the webhook route, its body would be unavailable.
      const addAppParsers = () => {
        app.addContentTypeParser(
          "application/json",
          { parseAs: "string" },
          (_request, body, done) => done(null, { parsedByApp: JSON.parse(String(body)) }),
        );
        app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) =>
          done(null, { bytesSeenByApp: (body as Buffer).byteLength }),
        );
      };
      if (order === "before") addAppParsers();
      app.register(heronWebhooks, {
        prefix: "/webhooks/heron",
        secret,
        on: { "*": (event) => void events.push(event) },
      });
      if (order === "after") addAppParsers();
      app.post("/echo", async (request) => ({ body: request.body }));
      const url = await listen(app);
      const delivery = await createTestDelivery({ topic: "pdf.processed", secret });

      expect(await send(`${url}/webhooks/heron`, delivery)).toMatchObject({ status: 200 });
      expect(events.map((event) => event.topic)).toEqual(["pdf.processed"]);

      const echo = await send(`${url}/echo`, delivery);
      expect(JSON.parse(echo.body)).toEqual({ body: { parsedByApp: JSON.parse(delivery.body) } });
      const text = await send(`${url}/echo`, {
        headers: { "content-type": "text/csv" },
        body: "a,b",
      });
      expect(JSON.parse(text.body)).toEqual({ body: { bytesSeenByApp: 3 } });
    },
  );

  it("accepts a delivery larger than the app's bodyLimit, which still holds for other routes", async () => {
    const { app, events } = setup({}, { bodyLimit: 100 });
    const url = await listen(app);
    const delivery = await deliveryOfSize(2000);

    expect(await send(`${url}/webhooks/heron`, delivery)).toMatchObject({ status: 200 });
    expect(events).toHaveLength(1);
    expect(await send(`${url}/echo`, delivery)).toMatchObject({ status: 413 });
  });

  it.each([
    ["with", false],
    ["without", true],
  ])(
    "answers 413 over its own maxBodyBytes, %s Content-Length, though the app's bodyLimit is larger",
    async (_label, chunked) => {
      const { app, events, errors } = setup({ maxBodyBytes: 1000 }, { bodyLimit: 1_000_000 });
      const url = await listen(app);
      const delivery = await deliveryOfSize(2000);

      const answer = await send(`${url}/webhooks/heron`, { ...delivery, chunked });
      expect(answer).toMatchObject({ status: 413, body: '{"error":"PAYLOAD_TOO_LARGE"}' });
      expect(answer.headers.connection).toBe("close");
      expect(events).toEqual([]);
      expect(errors.map((error) => error.code)).toEqual(["PAYLOAD_TOO_LARGE"]);
    },
  );

  it.each([
    ["an empty JSON body", "application/json", "", 400, "INVALID_JSON"],
    ["a body that is not JSON", "application/json", "not json", 400, "INVALID_JSON"],
    ["a body without a content type", undefined, undefined, 200, undefined],
    ["a malformed content type", "not a media type", undefined, 200, undefined],
    ["an unusual content type", "application/x-heron", undefined, 200, undefined],
  ])(
    "answers %s as core does, not as Fastify's parsers would",
    async (_label, contentType, rawBody, status, code) => {
      const { app, events } = setup();
      const url = await listen(app);
      const sample = await createTestDelivery({ topic: "transactions.updated", secret });
      const body = rawBody ?? sample.body;
      const headers: Record<string, string> = { "heron-signature": await sign(body, secret) };
      if (contentType) headers["content-type"] = contentType;

      const answer = await send(`${url}/webhooks/heron`, { headers, body });
      expect(answer.status).toBe(status);
      expect(answer.body).toBe(code ? JSON.stringify({ error: code }) : '{"ok":true}');
      expect(events).toHaveLength(code ? 0 : 1);
    },
  );

  it("answers 401 with core's body to a bad signature", async () => {
    const { app, events } = setup();
    const url = await listen(app);
    const delivery = await createTestDelivery({ topic: "end_user.reviewed", secret: "other" });

    const answer = await send(`${url}/webhooks/heron`, delivery);
    expect(answer).toMatchObject({ status: 401, body: '{"error":"SIGNATURE_MISMATCH"}' });
    expect(events).toEqual([]);
  });

  it("answers other methods with core's 405", async () => {
    const { app } = setup();
    const url = await listen(app);

    const answer = await send(`${url}/webhooks/heron`, { method: "GET" });
    expect(answer).toMatchObject({ status: 405, body: '{"error":"METHOD_NOT_ALLOWED"}' });
    expect(answer.headers.allow).toBe("POST");
  });

  it("mounts at `path` below the prefix it is registered with", async () => {
    const app = create();
    apps.push(app);
    app.register(heronWebhooks, { secret, prefix: "/api", path: "/heron" });
    const url = await listen(app);
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });

    expect(await send(`${url}/api/heron`, delivery)).toMatchObject({ status: 200 });
    expect(await send(`${url}/webhooks/heron`, delivery)).toMatchObject({ status: 404 });
  });

  it("without `path`, answers at the prefix it is registered with, and only there", async () => {
    const app = create();
    apps.push(app);
    app.register(heronWebhooks, { secret, prefix: "/hooks/heron" });
    const url = await listen(app);
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });

    expect(await send(`${url}/hooks/heron`, delivery)).toMatchObject({ status: 200 });
    expect(await send(`${url}/hooks/heron/`, delivery)).toMatchObject({ status: 200 });
    expect(await send(`${url}/webhooks/heron`, delivery)).toMatchObject({ status: 404 });
  });

  it("answers 500 RAW_BODY_UNAVAILABLE, naming the fix, when a root preParsing hook read the body", async () => {
    const { app, events, errors } = setup();
    readBodyInPreParsing(app);
    const url = await listen(app);
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

    const answer = await send(`${url}/webhooks/heron`, delivery);
    expect(answer).toMatchObject({ status: 500, body: '{"error":"RAW_BODY_UNAVAILABLE"}' });
    expect(events).toEqual([]);
    expect(errors[0]?.message).toMatch(/preParsing hook/);
  });

  it("leaves errors of the app's own hooks on the webhook route to the app's error handler", async () => {
    const { app, events } = setup();
    app.setErrorHandler(async (error, _request, reply) => {
      reply.code(418);
      return { handledByApp: (error as Error).message };
    });
    app.addHook("onRequest", async (request) => {
      if (request.headers["x-deny"]) throw new Error("denied");
    });
    const url = await listen(app);
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

    const answer = await send(`${url}/webhooks/heron`, {
      headers: { ...delivery.headers, "x-deny": "1" },
      body: delivery.body,
    });
    expect(answer.status).toBe(418);
    expect(JSON.parse(answer.body)).toEqual({ handledByApp: "denied" });
    expect(events).toEqual([]);
  });

  it("fails the app's boot when the secret is missing", async () => {
    const app = create();
    apps.push(app);
    app.register(heronWebhooks, { secret: " " });
    await expect(app.ready()).rejects.toMatchObject({ code: "INVALID_CONFIG" });
  });
});
