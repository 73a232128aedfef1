import {
  errorResponse,
  HeronWebhookError,
  type HeronWebhooksOptions,
  handleWebhookRequest,
  isHeronWebhookError,
  resolveWebhooks,
  toResponse,
} from "@heron-webhooks/core";
import type { MiddlewareHandler } from "hono";
import type { HeronEnv } from "./env.js";
import { readHonoBody } from "./read-body.js";

function asWebhookError(error: unknown): HeronWebhookError {
  return isHeronWebhookError(error)
    ? error
    : new HeronWebhookError("HANDLER_FAILED", "The delivery failed.", { cause: error });
}

/**
 * Verifies a Heron delivery, runs the `on` handlers, then puts the typed event on the context as
 * `c.get("heronEvent")` and calls the next handler, which answers. A delivery that fails verification (or
 * whose `on` handlers throw) is answered here with core's error response and never reaches `next`.
 * Mounted where other methods reach it (`app.use`, `app.all`), it answers them 405, as core does.
 */
export function heronWebhooks(options: HeronWebhooksOptions): MiddlewareHandler<HeronEnv> {
  const webhooks = resolveWebhooks(options);
  return async (c, next) => {
    if (c.req.method !== "POST") {
      const refusal = await handleWebhookRequest(webhooks, {
        method: c.req.method,
        headers: c.req.raw.headers,
        rawBody: new Uint8Array(0),
      });
      return toResponse(refusal);
    }
    try {
      const { event } = await webhooks.verifyAndReceive({
        rawBody: () => readHonoBody(c.req, webhooks.maxBodyBytes),
        headers: c.req.raw.headers,
      });
      c.set("heronEvent", event);
    } catch (error) {
      return toResponse(errorResponse(asWebhookError(error)));
    }
    await next();
  };
}
