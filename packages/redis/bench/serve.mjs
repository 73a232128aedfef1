// One receiver of the bench, in its own process: `hand-written` (a Fastify route doing the verify and
// one SET NX a team would write) or `heron` (the Fastify adapter over redisInbox). Sends {port}.
import { createHash } from "node:crypto";
import { createWebhooks, verifySignature } from "@heron-webhooks/core";
import { heronWebhooks } from "@heron-webhooks/fastify";
import Fastify from "fastify";
import { Redis } from "ioredis";
import { redisInbox } from "../dist/index.js";

const [side, url, prefix, secret] = process.argv.slice(2);
const PATH = "/webhooks/heron";
const RETENTION_SECONDS = 7 * 24 * 3600;
const app = Fastify();
const client = new Redis(url, { maxRetriesPerRequest: 1 });

if (side === "hand-written") {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: 1 << 20 }, (_req, body, done) =>
    done(null, body),
  );
  app.post(PATH, async (request, reply) => {
    const body = request.body;
    if (!(await verifySignature(body, request.headers["heron-signature"], secret))) {
      return reply.code(401).send({ error: "INVALID_SIGNATURE" });
    }
    const key = createHash("sha256").update(body).digest("hex");
    try {
      await client.set(`${prefix}${key}`, body, "EX", RETENTION_SECONDS, "NX");
    } catch {
      return reply.code(503).send({ error: "INBOX_UNAVAILABLE" });
    }
    return { ok: true };
  });
} else {
  const webhooks = createWebhooks({ secret, inbox: redisInbox({ connection: client, prefix }) });
  await app.register(heronWebhooks, { webhooks, path: PATH });
}

await app.listen({ host: "127.0.0.1", port: 0 });
process.send?.({ port: app.server.address().port });
process.on("disconnect", () => process.exit(0));
// The bench asks for this process's CPU time: a cost per request that holds up on a busy machine.
process.on("message", (message) => {
  if (message !== "cpu") return;
  const { user, system } = process.cpuUsage();
  process.send?.({ cpuMicros: user + system });
});
