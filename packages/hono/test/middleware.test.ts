import { createWebhooks, type HeronWebhookError } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooks } from "@heron-webhooks/hono";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startHono } from "./serve.js";

const secret = "whsec_middleware";
const path = "/webhooks/heron";
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function post(body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string>) {
  if (!server) throw new Error("start a server first");
  const response = await fetch(`${server.url}${path}`, { method: "POST", headers, body });
  return { status: response.status, body: await response.text() };
}

describe("heronWebhooks() middleware on @hono/node-server", () => {
  it("puts the verified event on the context and lets the next handler answer", async () => {
    const seen: string[] = [];
    const app = new Hono().post(path, heronWebhooks({ secret }), (c) => {
      const event = c.get("heronEvent");
      seen.push(event.topic);
      return c.text(`got ${event.topic}`, 202);
    });
    server = await startHono(app);
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

    expect(await post(delivery.body, delivery.headers)).toEqual({
      status: 202,
      body: "got end_user.processed",
    });
    expect(seen).toEqual(["end_user.processed"]);
  });

  it("lets the next handler read the body too, as the exact bytes received", async () => {
    const app = new Hono().post(path, heronWebhooks({ secret }), async (c) => {
      const [json, text] = [await c.req.json(), await c.req.text()];
      return c.json({ topic: json.topic, sameBytes: text === delivery.body });
    });
    server = await startHono(app);
    const delivery = await createTestDelivery({ topic: "pdf.processed", secret });

    expect(await post(delivery.body, delivery.headers)).toEqual({
      status: 200,
      body: '{"topic":"pdf.processed","sameBytes":true}',
    });
  });

  it("runs the `on` handlers before the next handler", async () => {
    const order: string[] = [];
    const app = new Hono().post(
      path,
      heronWebhooks({ secret, on: { "end_user.*": () => void order.push("on") } }),
      (c) => {
        order.push("next");
        return c.json({ ok: true });
      },
    );
    server = await startHono(app);
    const delivery = await createTestDelivery({ topic: "end_user.reviewed", secret });

    expect((await post(delivery.body, delivery.headers)).status).toBe(200);
    expect(order).toEqual(["on", "next"]);
  });

  it.each([
    ["a wrong secret", { secret: "whsec_other" }, 401, "SIGNATURE_MISMATCH"],
    ["a tampered body", { tamper: true }, 401, "SIGNATURE_MISMATCH"],
    ["an oversized body", { oversized: true }, 413, "PAYLOAD_TOO_LARGE"],
  ])("answers %s with core's error and never calls next", async (_, how, status, code) => {
    let nextCalled = false;
    const app = new Hono().post(path, heronWebhooks({ secret, maxBodyBytes: 2048 }), (c) => {
      nextCalled = true;
      return c.text("handled");
    });
    server = await startHono(app);
    const delivery = await createTestDelivery({
      topic: "pdf.processed",
      secret: "secret" in how ? how.secret : secret,
      meta: "oversized" in how ? { padding: "x".repeat(4096) } : null,
    });
    const body = "tamper" in how ? delivery.body.replace("pdf_", "pdf-") : delivery.body;

    expect(await post(body, delivery.headers)).toEqual({
      status,
      body: JSON.stringify({ error: code }),
    });
    expect(nextCalled).toBe(false);
  });

  it("answers 500 HANDLER_FAILED when an `on` handler throws, without calling next", async () => {
    const errors: HeronWebhookError[] = [];
    let nextCalled = false;
    const webhooks = createWebhooks({ secret })
      .on("transactions.deleted", () => {
        throw new Error("database down");
      })
      .onError((error) => void errors.push(error));
    const app = new Hono().post(path, heronWebhooks({ webhooks }), (c) => {
      nextCalled = true;
      return c.text("handled");
    });
    server = await startHono(app);
    const delivery = await createTestDelivery({ topic: "transactions.deleted", secret });

    const response = await post(delivery.body, delivery.headers);
    expect(response).toEqual({ status: 500, body: '{"error":"HANDLER_FAILED"}' });
    expect(response.body).not.toContain("database down");
    expect(errors.map((error) => error.code)).toEqual(["HANDLER_FAILED"]);
    expect(nextCalled).toBe(false);
  });

  it("leaves a throw in the next handler to Hono's own error handling", async () => {
    const app = new Hono()
      .post(path, heronWebhooks({ secret }), () => {
        throw new Error("handler bug");
      })
      .onError((error, c) => c.json({ appError: error.message }, 503));
    server = await startHono(app);
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });

    expect(await post(delivery.body, delivery.headers)).toEqual({
      status: 503,
      body: JSON.stringify({ appError: "handler bug" }),
    });
  });

  it("answers 405 to other methods where they reach it (app.use)", async () => {
    let nextCalled = false;
    const app = new Hono();
    app.use(path, heronWebhooks({ secret }));
    app.all(path, (c) => {
      nextCalled = true;
      return c.text("handled");
    });
    server = await startHono(app);

    const response = await fetch(`${server.url}${path}`);
    expect([response.status, response.headers.get("allow")]).toEqual([405, "POST"]);
    expect(nextCalled).toBe(false);
  });
});
