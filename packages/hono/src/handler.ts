import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  resolveWebhooks,
  toResponse,
} from "@heron-webhooks/core";
import type { Context } from "hono";
import { readHonoBody } from "./read-body.js";

/**
 * A complete route handler: verifies the delivery, runs the `on` handlers and answers per the HTTP
 * contract (200, 401, 400, 413, 500 when a handler throws).
 */
export function heronWebhooksHandler(
  options: HeronWebhooksOptions,
): (c: Context) => Promise<Response> {
  const webhooks = resolveWebhooks(options);
  return async (c) =>
    toResponse(
      await handleWebhookRequest(webhooks, {
        method: c.req.method,
        headers: c.req.raw.headers,
        rawBody: () => readHonoBody(c.req, webhooks.maxBodyBytes),
      }),
    );
}
