import type { HeronWebhookEvent } from "@heron-webhooks/core";

/** What the `heronWebhooks()` middleware puts on the context for the handlers after it. */
export interface HeronVariables {
  /** The verified, typed event: narrow it on `event.topic`. */
  heronEvent: HeronWebhookEvent;
}

/** Hono's `Env` for a webhook route: `new Hono<HeronEnv>()`, or let the middleware's type carry it. */
export interface HeronEnv {
  Variables: HeronVariables;
}
