// No error from core or from `on` handlers reaches Hono's error handler (which answers text/plain):
// every failure is answered with core's small JSON, in both forms.
import { sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooks, heronWebhooksHandler } from "@heron-webhooks/hono";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { type RunningServer, startHono } from "./serve.js";

const secret = "whsec_hono_hardening";
const path = "/webhooks/heron";
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function overflowStack(depth: number): number {
  return overflowStack(depth + 1) + 1;
}

const overflowsTheStack = (): void => void overflowStack(0);
const rejects = async (): Promise<void> => {
  throw new Error("db down");
};

type On = Parameters<typeof heronWebhooksHandler>[0]["on"];

// Reported failures are expected here; without an onError core would log each one.
const onError = () => {};

const forms = {
  handler: (on: On) => new Hono().all(path, heronWebhooksHandler({ secret, on, onError })),
  middleware: (on: On) =>
    new Hono().all(path, heronWebhooks({ secret, on, onError }), (c) => c.json({ ok: true })),
};

const deep = (depth: number) =>
  `{"topic":"end_user.processed","created":"2026-08-14T12:24:38","data":{},"meta":${"[".repeat(depth)}${"]".repeat(depth)}}`;

describe.each(Object.entries(forms))("the %s form", (_form, createApp) => {
  async function answer(on: On, body: string) {
    const app = createApp(on);
    const seen: unknown[] = [];
    app.onError((error, c) => {
      seen.push(error);
      return c.text("from Hono's onError", 500);
    });
    server = await startHono(app);
    const response = await fetch(`${server.url}${path}`, {
      method: "POST",
      body,
      headers: { "content-type": "application/json", "heron-signature": await sign(body, secret) },
    });
    return {
      status: response.status,
      type: response.headers.get("content-type"),
      body: await response.text(),
      onError: seen,
    };
  }

  it.each([5_000, 100_000])(
    "answers a body %i levels deep 400 INVALID_JSON, not through onError",
    async (depth) => {
      expect(await answer({}, deep(depth))).toEqual({
        status: 400,
        type: "application/json; charset=utf-8",
        body: '{"error":"INVALID_JSON"}',
        onError: [],
      });
    },
  );

  it.each([
    ["throws", overflowsTheStack],
    ["rejects", rejects],
  ] as const)(
    "answers an `on` handler that %s 500 HANDLER_FAILED, not through onError",
    async (_how, handler) => {
      const { body } = await createTestDelivery({ topic: "pdf.processed", secret });
      expect(await answer({ "*": handler }, body)).toEqual({
        status: 500,
        type: "application/json; charset=utf-8",
        body: '{"error":"HANDLER_FAILED"}',
        onError: [],
      });
    },
  );
});
