import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  resolveWebhooks,
  toResponse,
} from "@heron-webhooks/core";
import type { MiddlewareHandler } from "hono";
import type { HeronEnv } from "./env.js";
import { readHonoBody } from "./read-body.js";

/**
 * Verifies a Heron delivery, runs the `on` handlers, then puts the typed event on the context as
 * `c.get("heronEvent")` and calls the next handler, which answers. A delivery that fails verification (or
 * whose `on` handlers throw) is answered here with core's error response and never reaches `next`.
 * Mounted where other methods reach it (`app.use`, `app.all`), it answers them 405, as core does.
 */
export function heronWebhooks(options: HeronWebhooksOptions): MiddlewareHandler<HeronEnv> {
  const webhooks = resolveWebhooks(options);
  return async (c, next) => {
    // Core decides every answer (405 before reading a body, 401/400/413/500); only a 200 goes on.
    const response = await handleWebhookRequest(webhooks, {
      method: c.req.method,
      headers: c.req.raw.headers,
      rawBody: () => readHonoBody(c.req, webhooks.maxBodyBytes),
    });
    if (!response.delivery) return toResponse(response);
    c.set("heronEvent", response.delivery.event);
    await next();
  };
}
