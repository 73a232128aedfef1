// Koa reports a socket's error through ctx.onerror (via on-finished) and its default app.onerror
// prints it with the stack. A client that goes away on the webhook route is not an app error.
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { closedWithin, openConnection, rawRequest, writeAll } from "../../conformance/src/raw.js";
import { heronWebhooks } from "../src/index.js";
import { koaMajors, listen, type RunningServer } from "./helpers.js";

const secret = "whsec_koa_hardening";
const path = "/webhooks/heron";
let server: RunningServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function dropMidBody(url: string, reset: boolean): Promise<void> {
  const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
  const request = rawRequest(url, {
    headers: Object.entries(delivery.headers),
    body: delivery.body,
  });
  const connection = await openConnection(url);
  await writeAll(connection.socket, request.subarray(0, request.length - 10));
  await new Promise((resolve) => setTimeout(resolve, 50));
  if (reset) connection.socket.resetAndDestroy();
  else connection.socket.end();
  await closedWithin(connection, 5_000);
  connection.socket.destroy();
}

describe.each(koaMajors)("%s", (_name, Koa) => {
  it.each([false, true])(
    "emits no app error when a client drops mid-body (reset: %s)",
    async (reset) => {
      const app = new Koa();
      const appErrors: unknown[] = [];
      app.on("error", (error) => appErrors.push(error));
      app.use(heronWebhooks({ secret, path }));
      server = await listen(app);
      await dropMidBody(`${server.url}${path}`, reset);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(appErrors).toEqual([]);
    },
  );

  it("still hands the app's own errors on the webhook route to app.on('error')", async () => {
    const app = new Koa();
    const appErrors: Error[] = [];
    app.on("error", (error: Error) => appErrors.push(error));
    const ours = new Error("the app's own bug");
    app.use(async (_ctx, next) => {
      await next();
      throw ours;
    });
    app.use(heronWebhooks({ secret, path }));
    server = await listen(app);
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
    const response = await fetch(`${server.url}${path}`, { method: "POST", ...delivery });
    expect(response.status).toBe(500);
    expect(appErrors).toEqual([ours]);
  });
});
