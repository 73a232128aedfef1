import { heronWebhooks } from "@heron-webhooks/fastify";
import { PATH, SECRET } from "../delivery.mjs";
import { on, verifiedEvent } from "./by-hand.mjs";

async function listen(app) {
  await app.listen({ host: "127.0.0.1", port: 0 });
  return app.server.address().port;
}

export function handWritten(fastify) {
  const app = fastify();
  // Scoped to the webhook route, as Fastify's docs suggest for raw bodies: the JSON parser hands over the Buffer.
  app.register(async (scope) => {
    scope.addContentTypeParser("application/json", { parseAs: "buffer" }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(PATH, async (request, reply) => {
      const event = verifiedEvent(request.body, request.headers["heron-signature"]);
      if (!event) return reply.code(401).send({ error: "INVALID_SIGNATURE" });
      return { ok: true };
    });
  });
  return listen(app);
}

export function adapter(fastify) {
  const app = fastify();
  app.register(heronWebhooks, { secret: SECRET, on, path: PATH });
  return listen(app);
}
