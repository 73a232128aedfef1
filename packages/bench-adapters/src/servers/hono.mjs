import { heronWebhooks } from "@heron-webhooks/hono";
import { serve } from "@hono/node-server";
import { PATH, SECRET } from "../delivery.mjs";
import { on, verifiedEvent } from "./by-hand.mjs";

function listen(app) {
  return new Promise((resolve) => {
    serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, (info) => resolve(info.port));
  });
}

export function handWritten({ Hono }) {
  const app = new Hono();
  app.post(PATH, async (c) => {
    const rawBody = Buffer.from(await c.req.arrayBuffer());
    const event = verifiedEvent(rawBody, c.req.header("heron-signature"));
    if (!event) return c.json({ error: "INVALID_SIGNATURE" }, 401);
    return c.json({ ok: true });
  });
  return listen(app);
}

export function adapter({ Hono }) {
  const app = new Hono();
  app.post(PATH, heronWebhooks({ secret: SECRET, on }), (c) => c.json({ ok: true }));
  return listen(app);
}
