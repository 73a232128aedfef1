import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  pathMatches,
  resolveWebhooks,
} from "@heron-webhooks/core/adapter";
import type { Context, Middleware } from "koa";
import { readKoaBody } from "./read-body.js";

export type HeronWebhooksKoaOptions = HeronWebhooksOptions & {
  /** Only handle requests to this path; others go on to `next()`. Default: every request that reaches it. */
  path?: string;
};

/**
 * A client that goes away mid-request makes Koa's on-finished call `ctx.onerror` with the socket's
 * error, which the default `app.onerror` prints with its stack: a log line per dropped connection,
 * and any caller can drop connections. On the webhook route core answers everything itself and has
 * reported the failed read to `onError`, so that error is dropped; every other error goes on.
 */
function ignoreClientGone(ctx: Context): void {
  const onerror = ctx.onerror;
  ctx.onerror = (error) => {
    if (error != null && error === ctx.req.socket?.errored) return;
    onerror.call(ctx, error);
  };
}

/**
 * Koa middleware that verifies Heron deliveries over the raw bytes and runs your handlers.
 * Answers every request it handles itself: handler failures go to `onError` and become a 500,
 * never an error for `app.on("error")`, which would log them a second time with a stack.
 */
export function heronWebhooks(options: HeronWebhooksKoaOptions): Middleware {
  const { path, ...webhooksOptions } = options ?? {};
  const webhooks = resolveWebhooks(webhooksOptions as HeronWebhooksOptions);
  return async (ctx, next) => {
    if (!pathMatches(ctx.path, path)) return next();
    ignoreClientGone(ctx);
    const response = await handleWebhookRequest(webhooks, {
      method: ctx.method,
      headers: ctx.req.headers,
      rawBody: (limits) => readKoaBody(ctx, limits),
    });
    ctx.status = response.status;
    // Headers first: Koa only picks a content type for a string body when none is set.
    ctx.set(response.headers);
    ctx.body = response.body;
  };
}
