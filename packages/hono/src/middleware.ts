import type { RawBody, VerifiedDelivery } from "@heron-webhooks/core";
import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  pathMatches,
  resolveWebhooks,
  toResponse,
} from "@heron-webhooks/core/adapter";
import type { MiddlewareHandler } from "hono";
import type { HeronEnv } from "./env.js";
import type { HeronWebhooksHonoOptions } from "./options.js";
import { cacheForNextHandler, readHonoBody } from "./read-body.js";

/**
 * Verifies a Heron delivery, runs the `on` handlers, then puts the typed event on the context as
 * `c.get("heronEvent")` and calls the next handler, which answers. A delivery that fails verification (or
 * whose `on` handlers throw) is answered here with core's error response and never reaches `next`.
 * Mounted where other methods reach it (`app.use`, `app.all`), it answers them 405, as core does.
 */
export function heronWebhooks(options: HeronWebhooksHonoOptions): MiddlewareHandler<HeronEnv> {
  const { path, ...webhooksOptions } = options ?? {};
  const webhooks = resolveWebhooks(webhooksOptions as HeronWebhooksOptions);
  return async (c, next) => {
    if (!pathMatches(c.req.path, path)) return next();
    let accepted: VerifiedDelivery | undefined;
    let body: RawBody | undefined;
    // Core decides every answer (405 before reading a body, 401/400/413/500); only a 200 goes on.
    const response = await handleWebhookRequest(
      webhooks,
      {
        method: c.req.method,
        headers: c.req.raw.headers,
        rawBody: async (limits) => {
          body = await readHonoBody(c.req, limits, c.env);
          return body;
        },
      },
      {
        onAccepted(delivery) {
          accepted = delivery;
        },
      },
    );
    if (!accepted) return toResponse(response);
    c.set("heronEvent", accepted.event);
    cacheForNextHandler(c.req, body);
    await next();
  };
}
