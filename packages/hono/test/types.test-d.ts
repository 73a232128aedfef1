import { type HeronWebhookEvent, isTopic } from "@heron-webhooks/core";
import { type HeronEnv, heronWebhooks, heronWebhooksHandler } from "@heron-webhooks/hono";
import { Hono } from "hono";
import { describe, expectTypeOf, it } from "vitest";

const secret = "whsec_types";

describe("the typed context", () => {
  it("types c.get('heronEvent') through the middleware alone", () => {
    new Hono().post("/webhooks/heron", heronWebhooks({ secret }), (c) => {
      const event = c.get("heronEvent");
      expectTypeOf(event).toEqualTypeOf<HeronWebhookEvent>();
      if (isTopic(event, "transactions.deleted")) {
        expectTypeOf(event.data.transactions?.[0]?.heron_id).toEqualTypeOf<string | undefined>();
      }
      return c.text("ok");
    });
  });

  it("types it through Hono<HeronEnv> too, next to the app's own bindings", () => {
    const app = new Hono<HeronEnv & { Bindings: { HERON_WEBHOOK_SECRET: string } }>();
    app.use("/webhooks/heron", heronWebhooks({ secret }));
    app.post("/webhooks/heron", (c) => {
      expectTypeOf(c.get("heronEvent")).toEqualTypeOf<HeronWebhookEvent>();
      expectTypeOf(c.env.HERON_WEBHOOK_SECRET).toEqualTypeOf<string>();
      return c.text("ok");
    });
  });

  it("narrows `on` handlers and rejects unknown variables", () => {
    heronWebhooksHandler({
      secret,
      on: {
        "pdf.processed": (event) => {
          expectTypeOf(event.data.heron_id).toEqualTypeOf<string | undefined>();
        },
      },
    });
    new Hono().post("/webhooks/heron", heronWebhooks({ secret }), (c) => {
      // @ts-expect-error: only heronEvent is set by the middleware
      c.get("heronEvents");
      return c.text("ok");
    });
  });

  it("the handler form is a Hono handler", () => {
    new Hono().post("/webhooks/heron", heronWebhooksHandler({ secret }));
    new Hono<{ Bindings: { KV: string } }>().post(
      "/webhooks/heron",
      heronWebhooksHandler({ secret }),
    );
  });
});

describe("options", () => {
  it("need a secret or a webhooks instance", () => {
    // @ts-expect-error `secret` (or `webhooks`) is required
    heronWebhooks({ on: {} });
    // @ts-expect-error `secret` (or `webhooks`) is required
    heronWebhooksHandler({ path: "/webhooks/heron" });
  });
});
