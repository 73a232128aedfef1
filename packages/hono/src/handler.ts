import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  notFoundResponse,
  pathMatches,
  resolveWebhooks,
  toResponse,
} from "@heron-webhooks/core/adapter";
import type { Context } from "hono";
import type { HeronWebhooksHonoOptions } from "./options.js";
import { readHonoBody } from "./read-body.js";

/**
 * A complete route handler: verifies the delivery, runs the `on` handlers and answers per the HTTP
 * contract (200, 401, 400, 413, 500 when a handler throws).
 */
export function heronWebhooksHandler(
  options: HeronWebhooksHonoOptions,
): (c: Context) => Promise<Response> {
  const { path, ...webhooksOptions } = options ?? {};
  const webhooks = resolveWebhooks(webhooksOptions as HeronWebhooksOptions);
  return async (c) => {
    if (!pathMatches(c.req.path, path)) return toResponse(notFoundResponse());
    return toResponse(
      await handleWebhookRequest(webhooks, {
        method: c.req.method,
        headers: c.req.raw.headers,
        rawBody: (limits) => readHonoBody(c.req, limits, c.env),
      }),
    );
  };
}
