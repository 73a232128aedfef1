import { heronWebhooks } from "@heron-webhooks/fastify";
import Fastify from "fastify";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

const app = Fastify();

// An encapsulated plugin: it reads the raw bytes for its own route, the rest of the app still parses JSON.
app.register(heronWebhooks, {
  secret,
  path: "/webhooks/heron",
  on: {
    // Every verified event, known topic or not, as one JSON line.
    "*": (event) => console.log(JSON.stringify(event)),
  },
});

// Heron posts from the internet: listen on every interface, not only on localhost (Fastify's default).
await app.listen({ port: Number(process.env.PORT ?? 3000), host: "0.0.0.0" });
console.error(`listening on http://127.0.0.1:${app.server.address().port}`);
