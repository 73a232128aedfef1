import { type HeronWebhooksOptions, resolveWebhooks } from "../resolve-webhooks.js";
import type { Webhooks } from "../webhooks.js";
import { handleWebhookRequest, notFoundResponse, type WebhookHttpResponse } from "./handle.js";
import { pathMatches } from "./path.js";
import { type NodeBodyStream, readNodeBody } from "./read-body.js";

/** The slice of `http.IncomingMessage` the handler uses. */
export interface NodeRequest extends NodeBodyStream {
  readonly method?: string;
  readonly url?: string;
}

/** The slice of `http.ServerResponse` the handler uses. */
export interface NodeResponse {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body: string): unknown;
}

export interface NodeHandlerOptions {
  /** Only answer requests to this path; others get 404 (or go to `next` when given). Default: every path. */
  path?: string;
}

export function writeNodeResponse(res: NodeResponse, response: WebhookHttpResponse): void {
  if (res.headersSent) return;
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/** A `node:http` request listener; also usable as Connect-style middleware `(req, res, next)`. */
export function createNodeHandler(
  webhooks: Webhooks | HeronWebhooksOptions,
  options: NodeHandlerOptions = {},
): (req: NodeRequest, res: NodeResponse, next?: () => void) => Promise<void> {
  const instance = resolveWebhooks(webhooks);
  return async (req, res, next) => {
    if (!pathMatches(req.url ?? "/", options.path)) {
      if (next) return next();
      return writeNodeResponse(res, notFoundResponse());
    }
    const response = await handleWebhookRequest(instance, {
      method: req.method ?? "GET",
      headers: req.headers,
      rawBody: () => readNodeBody(req, { maxBodyBytes: instance.maxBodyBytes }),
    });
    writeNodeResponse(res, response);
  };
}
