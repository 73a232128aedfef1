import { type HeronWebhooksFastifyOptions, heronWebhooks } from "@heron-webhooks/fastify";
import fastify from "fastify";
import { expectTypeOf, test } from "vitest";

test("registers with Fastify's own options beside ours, and handlers get the narrowed event", () => {
  const app = fastify();
  app.register(heronWebhooks, {
    secret: "s",
    prefix: "/api",
    path: "/heron",
    on: {
      "end_user.processed": (event) => {
        expectTypeOf(event.data.heron_id).toEqualTypeOf<string | undefined>();
      },
    },
  });
});

test("rejects options that are not ours", () => {
  const app = fastify();
  // @ts-expect-error `path` is a string
  app.register(heronWebhooks, { secret: "s", path: 1 });
  // @ts-expect-error `secret` (or `webhooks`) is required
  app.register(heronWebhooks, { on: {} });
  expectTypeOf<HeronWebhooksFastifyOptions["path"]>().toEqualTypeOf<string | undefined>();
});
