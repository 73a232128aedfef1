import { text } from "node:stream/consumers";
import { describeConformance, type StartOptions } from "@heron-webhooks/conformance";
import { heronWebhooks } from "@heron-webhooks/koa";
import type Koa from "koa";
import { koaMajors, listen } from "./helpers.js";

function start(KoaApp: typeof Koa, { webhooks, path }: StartOptions, readFirst: boolean) {
  const app = new KoaApp();
  // A body reader that keeps no rawBody ran first. (koa-bodyparser's rawBody is used when
  // byte-safe, so it would pass; body-parser.test.ts covers it.)
  if (readFirst) {
    app.use(async (ctx, next) => {
      await text(ctx.req);
      await next();
    });
  }
  app.use(heronWebhooks({ webhooks, path }));
  return listen(app);
}

for (const [name, Koa] of koaMajors) {
  describeConformance({
    name,
    start: (options) => start(Koa, options, false),
    startWithBodyConsumed: (options) => start(Koa, options, true),
  });
}
