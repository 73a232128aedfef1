import { heronWebhooks } from "@heron-webhooks/hono";
import { Hono } from "hono";

/** The webhook app, the same on every runtime: only how it is served differs. */
export function createApp(secret) {
  return new Hono().post("/webhooks/heron", heronWebhooks({ secret }), (c) => {
    // Verified and typed: narrow on event.topic. Unknown topics arrive here too.
    const event = c.get("heronEvent");
    console.log(JSON.stringify(event));
    return c.json({ ok: true });
  });
}
