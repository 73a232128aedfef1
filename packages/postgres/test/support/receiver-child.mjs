// A receiver of the multi-process test: Fastify or Koa with the Postgres inbox, on the builds.
// Prints {"listening":port} once it serves.
import { createServer } from "node:http";
import { createWebhooks } from "@heron-webhooks/core";
import { heronWebhooks as fastifyWebhooks } from "@heron-webhooks/fastify";
import { heronWebhooks as koaWebhooks } from "@heron-webhooks/koa";
import Fastify from "fastify";
import Koa from "koa";
import { postgresInbox } from "../../dist/index.js";

const [kind, connectionString, schema, secret] = process.argv.slice(2);
const inbox = postgresInbox({ connectionString, schema });
// Store outages are answered 503 and expected here; the test counts them from the sender's side.
const webhooks = createWebhooks({ secret, inbox }).onError(() => {});
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

if (kind === "fastify") {
  const app = Fastify();
  await app.register(fastifyWebhooks, { webhooks, path: "/webhooks/heron" });
  await app.listen({ host: "127.0.0.1", port: 0 });
  print({ listening: app.server.address().port });
} else {
  const app = new Koa();
  app.use(koaWebhooks({ webhooks, path: "/webhooks/heron" }));
  const server = createServer(app.callback());
  server.listen(0, "127.0.0.1", () => print({ listening: server.address().port }));
}
