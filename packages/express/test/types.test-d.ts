import { captureRawBody, heronWebhooks } from "@heron-webhooks/express";
import express, { type RequestHandler } from "express";
import { expectTypeOf, it } from "vitest";

it("is an Express RequestHandler that app.post and app.use accept", () => {
  const middleware = heronWebhooks({ secret: "s" });
  expectTypeOf(middleware).toEqualTypeOf<RequestHandler>();
  const app = express();
  app.post("/webhooks/heron", middleware);
  app.use(heronWebhooks({ secret: ["old", "new"], path: "/webhooks/heron" }));
});

it("narrows each handler's event by topic", () => {
  heronWebhooks({
    secret: "s",
    on: {
      "end_user.processed": (event) => {
        expectTypeOf(event.topic).toEqualTypeOf<"end_user.processed">();
        expectTypeOf(event.data.end_user_id).toEqualTypeOf<string | null | undefined>();
      },
      "pdf.*": (event) => {
        expectTypeOf(event.data.heron_id).toEqualTypeOf<string | undefined>();
      },
      "*": (event) => {
        expectTypeOf(event.topic).toEqualTypeOf<string>();
      },
    },
  });
});

it("captureRawBody fits the verify option of every Express body parser", () => {
  express.json({ verify: captureRawBody });
  express.text({ verify: captureRawBody });
  express.urlencoded({ extended: false, verify: captureRawBody });
  express.raw({ verify: captureRawBody });
});

it("needs a secret or a webhooks instance", () => {
  // @ts-expect-error `secret` (or `webhooks`) is required
  heronWebhooks({ on: {} });
});
