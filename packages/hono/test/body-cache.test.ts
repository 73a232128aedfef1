import { type HeronWebhookError, sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooks, heronWebhooksHandler } from "@heron-webhooks/hono";
import { Hono, type MiddlewareHandler } from "hono";
import { validator } from "hono/validator";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startHono } from "./serve.js";

// What a validator or logging middleware mounted before the webhook route does to the body.
const readers: Record<string, MiddlewareHandler> = {
  "validator('json')": validator("json", (value) => value),
  "c.req.text()": async (c, next) => {
    await c.req.text();
    await next();
  },
  "c.req.arrayBuffer()": async (c, next) => {
    await c.req.arrayBuffer();
    await next();
  },
  "c.req.blob()": async (c, next) => {
    await c.req.blob();
    await next();
  },
  "c.req.parseBody()": async (c, next) => {
    await c.req.parseBody();
    await next();
  },
  "validator('form')": validator("form", (value) => value),
  "c.req.formData()": async (c, next) => {
    await c.req.formData();
    await next();
  },
  "c.req.raw.text()": async (c, next) => {
    await c.req.raw.text();
    await next();
  },
  // On @hono/node-server these build the web Request over the Node request the adapter reads from.
  "c.req.raw.clone().text()": async (c, next) => {
    await c.req.raw.clone().text();
    await next();
  },
  "c.req.raw.body, not read": async (c, next) => {
    if (!c.req.raw.body) throw new Error("a POST has a body");
    await next();
  },
};

const secret = "whsec_body_cache";
const path = "/webhooks/heron";
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function startBehind(reader: MiddlewareHandler, errors: HeronWebhookError[] = []) {
  const app = new Hono();
  app.use(path, reader);
  app.post(path, heronWebhooksHandler({ secret, onError: (error) => void errors.push(error) }));
  server = await startHono(app);
  return server;
}

async function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  if (!server) throw new Error("start a server first");
  const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body });
  return { status: response.status, body: await response.text() };
}

describe("a body read before the webhook route", () => {
  it.each([
    "validator('json')",
    "c.req.text()",
    "c.req.arrayBuffer()",
    "c.req.blob()",
    "c.req.parseBody()",
    "validator('form')",
  ])("%s: uses Hono's byte-exact cache and verifies", async (name) => {
    await startBehind(readers[name] as MiddlewareHandler);
    // Form parsers only read form bodies; the signature decides, not the content type.
    const contentType =
      name === "c.req.parseBody()" || name === "validator('form')"
        ? "application/x-www-form-urlencoded"
        : "application/json";
    // Non-ASCII and spacing that JSON.parse + JSON.stringify would not give back.
    const body =
      '{"topic": "end_user.processed", "created": "2021-05-20T09:23:53+00:00", "data": {"heron_id": "eus_1", "end_user_id": "Zoë", "status": "processed", "score": 1.0}}';

    expect(
      await post(body, {
        "content-type": contentType,
        "heron-signature": await sign(body, secret),
      }),
    ).toEqual({ status: 200, body: '{"ok":true}' });
  });

  it.each(["c.req.raw.clone().text()", "c.req.raw.body, not read"])(
    "%s: the Request's body is still unread, and verifies",
    async (name) => {
      await startBehind(readers[name] as MiddlewareHandler);
      const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

      expect(await post(delivery.body, delivery.headers)).toEqual({
        status: 200,
        body: '{"ok":true}',
      });
      const tampered = await post(delivery.body.replace("eus_", "eus-"), delivery.headers);
      expect(tampered.status).toBe(401);
    },
  );

  it("validator('json'): a tampered body is still a 401, not a 500", async () => {
    await startBehind(readers["validator('json')"] as MiddlewareHandler);
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

    expect((await post(delivery.body.replace("eus_", "eus-"), delivery.headers)).status).toBe(401);
  });

  it("c.req.text(): bytes that are not UTF-8 cannot be rebuilt from the text: 500 RAW_BODY_UNAVAILABLE", async () => {
    const errors: HeronWebhookError[] = [];
    await startBehind(readers["c.req.text()"] as MiddlewareHandler, errors);
    const encoder = new TextEncoder();
    const head = encoder.encode(
      '{"topic":"end_user.processed","created":"2021-05-20T09:23:53","data":{"note":"',
    );
    const tail = encoder.encode('"}}');
    const body = new Uint8Array([...head, 0xff, ...tail]);

    expect(await post(body, { "heron-signature": await sign(body, secret) })).toEqual({
      status: 500,
      body: '{"error":"RAW_BODY_UNAVAILABLE"}',
    });
    expect(errors.map((error) => error.code)).toEqual(["RAW_BODY_UNAVAILABLE"]);
    expect(errors[0]?.message).toContain("mount heronWebhooks()");
  });

  it("c.req.text(): a byte-order mark the text dropped is caught by Content-Length", async () => {
    await startBehind(readers["c.req.text()"] as MiddlewareHandler);
    const delivery = await createTestDelivery({ topic: "pdf.processed", secret });
    const body = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(delivery.body)]);

    expect(
      await post(body, { ...delivery.headers, "heron-signature": await sign(body, secret) }),
    ).toEqual({ status: 500, body: '{"error":"RAW_BODY_UNAVAILABLE"}' });
  });

  it.each(["c.req.formData()", "c.req.raw.text()"])(
    "%s: answers 500 RAW_BODY_UNAVAILABLE naming the fix",
    async (name) => {
      const errors: HeronWebhookError[] = [];
      await startBehind(readers[name] as MiddlewareHandler, errors);
      const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

      expect(
        await post(delivery.body, {
          ...delivery.headers,
          "content-type": "application/x-www-form-urlencoded",
        }),
      ).toEqual({ status: 500, body: '{"error":"RAW_BODY_UNAVAILABLE"}' });
      expect(errors[0]?.message).toContain("before any validator");
    },
  );

  it("the middleware form reads the same cache", async () => {
    const app = new Hono();
    app.use(path, readers["validator('json')"] as MiddlewareHandler);
    app.post(path, heronWebhooks({ secret }), (c) => c.text(c.get("heronEvent").topic));
    server = await startHono(app);
    const delivery = await createTestDelivery({ topic: "transactions.updated", secret });

    expect(await post(delivery.body, delivery.headers)).toEqual({
      status: 200,
      body: "transactions.updated",
    });
  });
});
