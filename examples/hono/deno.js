import { createApp } from "./app.js";

const secret = Deno.env.get("HERON_WEBHOOK_SECRET");
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  Deno.exit(1);
}

Deno.serve(
  {
    port: Number(Deno.env.get("PORT") ?? 3000),
    onListen: ({ port }) => console.error(`listening on http://127.0.0.1:${port}`),
  },
  createApp(secret).fetch,
);
