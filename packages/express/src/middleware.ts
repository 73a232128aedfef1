import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  pathMatches,
  resolveWebhooks,
  writeNodeResponse,
} from "@heron-webhooks/core";
import type { RequestHandler } from "express";
import { readExpressBody } from "./raw-body.js";

export interface HeronWebhooksExpressOptions extends HeronWebhooksOptions {
  /**
   * Only handle requests to this path (relative to where the middleware is mounted, like `req.url`);
   * others go to `next()`. Not needed with `app.post("/webhooks/heron", heronWebhooks(...))`.
   */
  path?: string;
}

/**
 * Express 4 and 5 middleware that verifies Heron deliveries over the raw body and runs your handlers.
 * It answers every request it handles itself (200, 4xx, 500) and reports failures to `onError`.
 */
export function heronWebhooks(options: HeronWebhooksExpressOptions): RequestHandler {
  const { path, ...webhooksOptions } = options;
  const webhooks = resolveWebhooks(webhooksOptions);
  return (req, res, next) => {
    if (!pathMatches(req.url, path)) return next();
    handleWebhookRequest(webhooks, {
      method: req.method,
      headers: req.headers,
      rawBody: () => readExpressBody(req, webhooks.maxBodyBytes),
    })
      .then((response) => writeNodeResponse(res, response))
      // handleWebhookRequest never rejects; this only keeps a bug from becoming an unhandled
      // rejection, which Express 4 would not catch.
      .catch(next);
  };
}
