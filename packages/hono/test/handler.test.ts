import type { HeronWebhookEvent } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooksHandler } from "@heron-webhooks/hono";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startHono } from "./serve.js";

const secret = "whsec_handler";
const path = "/webhooks/heron";
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("heronWebhooksHandler() on @hono/node-server", () => {
  it("verifies, runs the `on` handlers and answers 200 itself", async () => {
    const events: HeronWebhookEvent[] = [];
    const app = new Hono().post(
      path,
      heronWebhooksHandler({ secret, on: { "*": (event) => void events.push(event) } }),
    );
    server = await startHono(app);
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });

    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      headers: delivery.headers,
      body: delivery.body,
    });
    expect([response.status, await response.text()]).toEqual([200, '{"ok":true}']);
    expect(events).toEqual([JSON.parse(delivery.body)]);
  });

  it("answers 405 to other methods when mounted with app.all", async () => {
    const app = new Hono().all(path, heronWebhooksHandler({ secret }));
    server = await startHono(app);

    const response = await fetch(`${server.url}${path}`, { method: "PUT", body: "{}" });
    expect([response.status, response.headers.get("allow")]).toEqual([405, "POST"]);
  });
});
