// Serves a receiver of a multi-process test: `webhooks` (on the store's inbox) behind Fastify or Koa
// at /webhooks/heron on a loopback port, printed as {"port":n} once it serves.
import { createServer } from "node:http";
import { heronWebhooks as fastifyWebhooks } from "@heron-webhooks/fastify";
import { heronWebhooks as koaWebhooks } from "@heron-webhooks/koa";
import Fastify from "fastify";
import Koa from "koa";

const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

export async function serveReceiver(framework, webhooks) {
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
}
