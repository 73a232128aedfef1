import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  pathMatches,
  resolveWebhooks,
} from "@heron-webhooks/core";
import type { Middleware } from "koa";
import { readKoaBody } from "./raw-body.js";

export interface HeronWebhooksKoaOptions extends HeronWebhooksOptions {
  /** Only handle requests to this path; others go on to `next()`. Default: every request. */
  path?: string;
}

/**
 * Koa middleware that verifies Heron deliveries over the raw bytes and runs your handlers.
 * Answers every request it handles itself: handler failures go to `onError` and become a 500,
 * never an error for `app.on("error")`, which would log them a second time with a stack.
 */
export function heronWebhooks(options: HeronWebhooksKoaOptions): Middleware {
  // `?? {}`: called from JavaScript without options, core's error names the missing secret.
  const { path, ...webhooksOptions }: HeronWebhooksKoaOptions = options ?? {};
  const webhooks = resolveWebhooks(webhooksOptions);
  return async (ctx, next) => {
    if (!pathMatches(ctx.path, path)) return next();
    const response = await handleWebhookRequest(webhooks, {
      method: ctx.method,
      headers: ctx.req.headers,
      rawBody: () => readKoaBody(ctx, webhooks.maxBodyBytes),
    });
    ctx.status = response.status;
    // Headers first: Koa only picks a content type for a string body when none is set.
    ctx.set(response.headers);
    ctx.body = response.body;
  };
}
