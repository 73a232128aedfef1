import { serve } from "@hono/node-server";
import { createApp } from "./app.js";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

serve({ fetch: createApp(secret).fetch, port: Number(process.env.PORT ?? 3000) }, ({ port }) => {
  console.error(`listening on http://127.0.0.1:${port}`);
});
