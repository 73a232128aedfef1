import type { RawBody } from "../bytes.js";
import { type HeronWebhooksOptions, resolveWebhooks } from "../resolve-webhooks.js";
import type { Webhooks } from "../webhooks.js";
import { handleWebhookRequest, notFoundResponse, type WebhookHttpResponse } from "./handle.js";
import { pathMatches } from "./path.js";
import { type BodyLimits, nodeRequestOf, type ReadBodyOptions, readWebBody } from "./read-body.js";

export interface FetchHandlerOptions {
  /** Only answer requests to this path; others get 404. Default: every path. */
  path?: string;
  /** Where the raw bytes come from. Default: the request's body stream, read with the instance's limits. */
  readBody?: (request: Request, limits: BodyLimits, options?: ReadBodyOptions) => Promise<RawBody>;
}

export function toResponse(response: WebhookHttpResponse): Response {
  return new Response(response.body, { status: response.status, headers: response.headers });
}

/** `(Request) => Promise<Response>` for Next.js route handlers, Bun, Deno and Workers. */
export function createFetchHandler(
  webhooks: Webhooks | HeronWebhooksOptions,
  options?: FetchHandlerOptions,
): (request: Request, env?: unknown) => Promise<Response> {
  const instance = resolveWebhooks(webhooks);
  const { path, readBody = readWebBody } = options ?? {};
  // `env`: what the runtime passes after the Request; on @hono/node-server it holds the Node request.
  return async (request, env) => {
    if (!pathMatches(request.url, path)) return toResponse(notFoundResponse());
    const nodeRequest = nodeRequestOf(env);
    const readOptions = nodeRequest ? { nodeRequest } : undefined;
    return toResponse(
      await handleWebhookRequest(instance, {
        method: request.method,
        headers: request.headers,
        rawBody: (limits) => readBody(request, limits, readOptions),
      }),
    );
  };
}
