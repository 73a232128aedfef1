import fastify from "fastify";
import { expectTypeOf, test } from "vitest";
import { type HeronWebhooksFastifyOptions, heronWebhooks } from "../src/index.js";

test("registers with Fastify's own options beside ours, and handlers get the narrowed event", () => {
  const app = fastify();
  app.register(heronWebhooks, {
    secret: "s",
    prefix: "/api",
    path: "/heron",
    on: {
      "end_user.processed": (event) => {
        expectTypeOf(event.data.heron_id).toBeString();
      },
    },
  });
});

test("rejects options that are not ours", () => {
  const app = fastify();
  // @ts-expect-error `path` is a string
  app.register(heronWebhooks, { secret: "s", path: 1 });
  expectTypeOf<HeronWebhooksFastifyOptions["path"]>().toEqualTypeOf<string | undefined>();
});
