// A receiver of the multi-process test: Fastify or Koa over the Redis inbox, from the builds.
// Prints {"port":n} once it listens.
import { createServer } from "node:http";
import { createWebhooks } from "@heron-webhooks/core";
import { heronWebhooks as fastifyWebhooks } from "@heron-webhooks/fastify";
import { heronWebhooks as koaWebhooks } from "@heron-webhooks/koa";
import Fastify from "fastify";
import Koa from "koa";
import { redisInbox } from "../../dist/index.js";

const [framework, url, prefix, secret] = process.argv.slice(2);
const inbox = redisInbox({ connection: url, prefix });
// 503s while Redis is away are expected; the sender counts them.
const webhooks = createWebhooks({ secret, inbox }).onError(() => {});
const print = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);

if (framework === "fastify") {
  const app = Fastify();
  await app.register(fastifyWebhooks, { webhooks, path: "/webhooks/heron" });
  await app.listen({ host: "127.0.0.1", port: 0 });
  print({ port: app.server.address().port });
} else {
  const app = new Koa();
  app.use(koaWebhooks({ webhooks, path: "/webhooks/heron" }));
  const server = createServer(app.callback());
  server.listen(0, "127.0.0.1", () => print({ port: server.address().port }));
}
