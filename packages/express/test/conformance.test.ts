import { describeConformance, type StartOptions } from "@heron-webhooks/conformance";
import { heronWebhooks } from "@heron-webhooks/express";
import { type ExpressModule, majors, serve } from "./helpers.js";

function start(express: ExpressModule, { webhooks, path }: StartOptions, parseFirst: boolean) {
  const app = express();
  // The trap: a JSON parser mounted app-wide before the webhook route.
  if (parseFirst) app.use(express.json());
  // app.use with `path`, so other methods on the path reach the middleware (405) too.
  app.use(heronWebhooks({ webhooks, path }));
  return serve(app);
}

for (const { name, express } of majors) {
  describeConformance({
    name,
    start: (options) => start(express, options, false),
    startWithBodyConsumed: (options) => start(express, options, true),
  });
}
