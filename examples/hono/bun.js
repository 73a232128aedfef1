import { createApp } from "./app.js";

const secret = Bun.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

const server = Bun.serve({ port: Number(Bun.env.PORT ?? 3000), fetch: createApp(secret).fetch });
console.error(`listening on http://127.0.0.1:${server.port}`);
