import { heronWebhooks } from "@heron-webhooks/hono";
import { Hono } from "hono";

/** The webhook app, the same on every runtime: only how it is served differs. */
export function createApp(secret) {
  // app.all, so other methods reach the middleware and get the contract's 405 (with app.post,
  // which works as well, Hono answers them 404).
  return new Hono().all("/webhooks/heron", heronWebhooks({ secret }), (c) => {
    // Verified and typed: narrow on event.topic. Unknown topics arrive here too.
    const event = c.get("heronEvent");
    console.log(JSON.stringify(event));
    return c.json({ ok: true });
  });
}
