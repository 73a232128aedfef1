import { createTestDelivery } from "@heron-webhooks/core/testing";
import { heronWebhooks } from "@heron-webhooks/koa";
import { afterEach, describe, expect, it } from "vitest";
import { koaMajors, listen, type RunningServer, recorder } from "./helpers.js";

const secret = "whsec_koa_test";
const path = "/webhooks/heron";

describe.each(koaMajors)("heronWebhooks on %s", (_name, Koa) => {
  let running: RunningServer | undefined;
  afterEach(() => running?.close());

  async function start(options: { failingHandler?: boolean } = {}) {
    const record = recorder();
    const appErrors: unknown[] = [];
    const app = new Koa();
    app.on("error", (error) => appErrors.push(error));
    app.use(
      heronWebhooks({
        secret,
        path,
        ...record.options,
        on: {
          ...record.options.on,
          ...(options.failingHandler && {
            "pdf.*": () => {
              throw new Error("database down: password=hunter2");
            },
          }),
        },
      }),
    );
    app.use((ctx) => {
      ctx.body = { route: ctx.path };
    });
    running = await listen(app);
    return { ...record, appErrors, url: running.url };
  }

  it("answers a signed delivery with 200 JSON and runs the handler once", async () => {
    const { url, events } = await start();
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
    const response = await fetch(`${url}${path}`, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(await response.json()).toEqual({ ok: true });
    expect(events).toEqual([JSON.parse(delivery.body)]);
  });

  it("passes other paths on to the next middleware, untouched", async () => {
    const { url, events } = await start();
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
    const response = await fetch(`${url}/api/orders`, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ route: "/api/orders" });
    expect(events).toEqual([]);
  });

  it("matches the path with a query string and a trailing slash", async () => {
    const { url, events } = await start();
    const delivery = await createTestDelivery({ topic: "pdf.processed", secret });
    const response = await fetch(`${url}${path}/?source=heron`, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    expect(events).toHaveLength(1);
  });

  it("answers 405 with Allow: POST to other methods on its path", async () => {
    const { url } = await start();
    const response = await fetch(`${url}${path}`);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(await response.json()).toEqual({ error: "METHOD_NOT_ALLOWED" });
  });

  it("handles every path when no path is given", async () => {
    const record = recorder();
    const app = new Koa();
    app.use(heronWebhooks({ secret, ...record.options }));
    running = await listen(app);
    const delivery = await createTestDelivery({ topic: "transactions.updated", secret });
    const response = await fetch(`${running.url}/anything`, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    expect(record.events).toHaveLength(1);
  });

  it("turns a failing handler into a 500 for onError, not an error for app.on('error')", async () => {
    const { url, errors, appErrors } = await start({ failingHandler: true });
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
    const response = await fetch(`${url}${path}`, { method: "POST", ...delivery });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "HANDLER_FAILED" });
    expect(text).not.toContain("hunter2");
    expect(errors.map((error) => error.code)).toEqual(["HANDLER_FAILED"]);
    expect(appErrors).toEqual([]);
  });

  it("answers 401 to a delivery signed with another secret", async () => {
    const { url, events, errors } = await start();
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret: "not-the-secret" });
    const response = await fetch(`${url}${path}`, { method: "POST", ...delivery });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "SIGNATURE_MISMATCH" });
    expect(events).toEqual([]);
    expect(errors.map((error) => error.code)).toEqual(["SIGNATURE_MISMATCH"]);
  });
});

describe("heronWebhooks options", () => {
  it("refuses a missing secret when the middleware is created", () => {
    // A type error too (types.test-d.ts); JavaScript callers get the run-time error.
    expect(() => heronWebhooks({ path } as never)).toThrow(/secret/i);
  });

  it("names the missing secret when called without options from JavaScript", () => {
    expect(() => heronWebhooks(undefined as never)).toThrow(/secret/i);
  });
});
