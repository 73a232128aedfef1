import { createApp } from "./app.js";

Deno.serve(
  {
    hostname: "127.0.0.1",
    port: 0,
    onListen: ({ port }) => console.error(`listening on http://127.0.0.1:${port}`),
  },
  createApp(Deno.env.get("HERON_WEBHOOK_SECRET")).fetch,
);
