// One side of the receiver bench, in its own process: our Fastify adapter with the Postgres inbox
// ("heron"), or the route a user would write by hand on Fastify ("hand"): the same verify, then one
// INSERT … ON CONFLICT DO NOTHING. Both on a pool of the same size. Sends {port} over IPC.
import { createHash } from "node:crypto";
import { createWebhooks, verifySignature } from "@heron-webhooks/core";
import { heronWebhooks } from "@heron-webhooks/fastify";
import Fastify from "fastify";
import pg from "pg";
import { postgresInbox } from "../dist/index.js";

const [side, connectionString, schema, secret] = process.argv.slice(2);
const PATH = "/webhooks/heron";
const pool = new pg.Pool({ connectionString, max: 10 });
pool.on("error", () => {});
const app = Fastify();

if (side === "heron") {
  const webhooks = createWebhooks({ secret, inbox: postgresInbox({ pool, schema }) });
  app.register(heronWebhooks, { webhooks, path: PATH });
} else {
  const insert = `INSERT INTO "${schema}".hand (key, body, signature, received_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) => done(null, body));
  app.post(PATH, async (request, reply) => {
    const signature = request.headers["heron-signature"];
    if (!(await verifySignature(request.body, signature, secret))) {
      return reply.code(401).send({ error: "SIGNATURE_MISMATCH" });
    }
    const key = createHash("sha256").update(request.body).digest("hex");
    try {
      await pool.query(insert, [key, request.body, signature, Date.now()]);
    } catch {
      return reply.code(503).send({ error: "INBOX_UNAVAILABLE" });
    }
    return { ok: true };
  });
}

await app.listen({ host: "127.0.0.1", port: 0 });
process.send({ port: app.server.address().port });
process.on("disconnect", async () => {
  await app.close();
  await pool.end();
});
