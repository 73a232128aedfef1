import type { WebhookHttpResponse } from "@heron-webhooks/core";

/**
 * A fresh headers object per response: @hono/node-server adds Content-Length to a plain headers object
 * in place, and core's responses share theirs.
 */
export function toHonoResponse(response: WebhookHttpResponse): Response {
  return new Response(response.body, { status: response.status, headers: { ...response.headers } });
}
