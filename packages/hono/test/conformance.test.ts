import { describeConformance, type StartOptions } from "@heron-webhooks/conformance";
import { heronWebhooks, heronWebhooksHandler } from "@heron-webhooks/hono";
import { Hono, type MiddlewareHandler } from "hono";
import { startHono } from "./serve.js";

// Something that reads the raw Request itself, past Hono's body cache: nothing byte-exact is left.
const consumeRawBody: MiddlewareHandler = async (c, next) => {
  await c.req.raw.arrayBuffer();
  await next();
};

// Mounted with app.all, so other methods reach the adapter and get its 405 (app.post would let Hono 404).
const forms = {
  handler: ({ webhooks, path }: StartOptions) =>
    new Hono().all(path, heronWebhooksHandler({ webhooks })),
  middleware: ({ webhooks, path }: StartOptions) =>
    new Hono().all(path, heronWebhooks({ webhooks }), (c) => c.json({ ok: true })),
};

for (const [form, createApp] of Object.entries(forms)) {
  describeConformance({
    name: `hono 4 on @hono/node-server, ${form} form`,
    start: (options) => startHono(createApp(options)),
    startWithBodyConsumed: (options) => {
      const app = new Hono();
      app.use(options.path, consumeRawBody);
      app.route("/", createApp(options));
      return startHono(app);
    },
  });
}
