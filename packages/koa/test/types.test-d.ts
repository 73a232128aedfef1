import { createWebhooks } from "@heron-webhooks/core";
import { heronWebhooks } from "@heron-webhooks/koa";
import Koa, { type Middleware } from "koa";
import { expectTypeOf, it } from "vitest";

it("is a Koa Middleware that app.use accepts, also on an app with its own state and context", () => {
  const middleware = heronWebhooks({ secret: "s", path: "/webhooks/heron" });
  expectTypeOf(middleware).toEqualTypeOf<Middleware>();
  new Koa().use(middleware);
  new Koa<{ user?: string }, { db: { query(sql: string): unknown } }>().use(
    heronWebhooks({ secret: ["old", "new"] }),
  );
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

it("rejects options that are not the adapter's", () => {
  // @ts-expect-error a topic Heron does not send
  heronWebhooks({ secret: "s", on: { "end_user.approved": () => {} } });
  // @ts-expect-error path is a string
  heronWebhooks({ secret: "s", path: /webhooks/ });
  // @ts-expect-error `secret` (or `webhooks`) is required
  heronWebhooks({ on: {} });
  // @ts-expect-error not both `webhooks` and `secret`
  heronWebhooks({ webhooks: createWebhooks({ secret: "s" }), secret: "s" });
});
