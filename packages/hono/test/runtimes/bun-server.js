import { createApp } from "./app.js";

const server = Bun.serve({
  hostname: "127.0.0.1",
  port: 0,
  fetch: createApp(process.env.HERON_WEBHOOK_SECRET).fetch,
});
console.error(`listening on http://127.0.0.1:${server.port}`);
