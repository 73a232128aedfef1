import { describeConformance, type StartOptions } from "@heron-webhooks/conformance";
import { heronWebhooks } from "@heron-webhooks/fastify";
import type { FastifyInstance } from "fastify";
import { readBodyInPreParsing } from "./hooks.js";
import { majors } from "./majors.js";

async function serve(app: FastifyInstance, { webhooks, path }: StartOptions) {
  app.register(heronWebhooks, { webhooks, path });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  return { url, close: async () => void (await app.close()) };
}

for (const { name, create } of majors) {
  describeConformance({
    name,
    start: (options) => serve(create(), options),
    startWithBodyConsumed: (options) => {
      const app = create();
      readBodyInPreParsing(app);
      return serve(app, options);
    },
  });
}
