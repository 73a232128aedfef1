import Koa, { type Middleware } from "koa";
import { expectTypeOf, it } from "vitest";
import { heronWebhooks } from "../src/index.js";

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
        expectTypeOf(event.data.end_user_id).toEqualTypeOf<string>();
      },
      "pdf.*": (event) => {
        expectTypeOf(event.data.heron_id).toEqualTypeOf<string>();
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
});
