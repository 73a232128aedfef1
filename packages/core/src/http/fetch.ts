import { type HeronWebhooksOptions, resolveWebhooks } from "../resolve-webhooks.js";
import type { Webhooks } from "../webhooks.js";
import { handleWebhookRequest, notFoundResponse, type WebhookHttpResponse } from "./handle.js";
import { pathMatches } from "./path.js";
import { readWebBody } from "./read-body.js";

export interface FetchHandlerOptions {
  /** Only answer requests to this path; others get 404. Default: every path. */
  path?: string;
}

export function toResponse(response: WebhookHttpResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}

/** `(Request) => Promise<Response>` for Next.js route handlers, Bun, Deno and Workers. */
export function createFetchHandler(
  webhooks: Webhooks | HeronWebhooksOptions,
  options: FetchHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const instance = resolveWebhooks(webhooks);
  return async (request) => {
    if (!pathMatches(request.url, options.path)) return toResponse(notFoundResponse());
    return toResponse(
      await handleWebhookRequest(instance, {
        method: request.method,
        headers: request.headers,
        rawBody: () => readWebBody(request, { maxBodyBytes: instance.maxBodyBytes }),
      }),
    );
  };
}
