import { createNodeHandler } from "@heron-webhooks/core";
import type { HeronWebhooksOptions } from "@heron-webhooks/core/adapter";
import type { Request, RequestHandler } from "express";
import { readExpressBody } from "./read-body.js";

export type HeronWebhooksExpressOptions = HeronWebhooksOptions & {
  /**
   * Only handle requests to this path (relative to where the middleware is mounted, like `req.url`);
   * others go to `next()`. Default: every request that reaches the middleware.
   */
  path?: string;
};

/**
 * Express 4 and 5 middleware that verifies Heron deliveries over the raw body and runs your handlers.
 * It answers every request it handles itself (200, 4xx, 5xx) and reports failures to `onError`.
 */
export function heronWebhooks(options: HeronWebhooksExpressOptions): RequestHandler {
  const { path, ...webhooksOptions } = options ?? {};
  const handle = createNodeHandler<Request>(webhooksOptions as HeronWebhooksOptions, {
    path,
    readBody: readExpressBody,
  });
  // The handler never rejects; `.catch(next)` only keeps a bug from becoming an unhandled
  // rejection, which Express 4 would not catch.
  return (req, res, next) => {
    handle(req, res, () => next()).catch(next);
  };
}
