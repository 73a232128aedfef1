import { heronWebhooks } from "@heron-webhooks/fastify";
import Fastify from "fastify";
import { webhooks } from "./webhooks.js";

const app = Fastify();

// Verifies, stores in the inbox and answers 200 at once (503 while Postgres is away); a worker runs the handlers.
app.register(heronWebhooks, { webhooks, path: "/webhooks/heron" });

await app.listen({ port: Number(process.env.PORT ?? 3000), host: "0.0.0.0" });
console.error(`listening on http://127.0.0.1:${app.server.address().port}`);
