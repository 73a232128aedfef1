// The app every runtime test serves, built from the packages' dist as users install them.
import { Hono } from "hono";
import { heronWebhooks, heronWebhooksHandler } from "../../dist/index.js";

export const MAX_BODY_BYTES = 4096;

export function createApp(secret) {
  return new Hono()
    .post("/webhooks/heron", heronWebhooksHandler({ secret, maxBodyBytes: MAX_BODY_BYTES }))
    .post("/middleware", heronWebhooks({ secret, maxBodyBytes: MAX_BODY_BYTES }), (c) =>
      c.text(c.get("heronEvent").topic),
    );
}
