import type { RawBody } from "../bytes.js";
import { type HeronWebhooksOptions, resolveWebhooks } from "../resolve-webhooks.js";
import type { Webhooks } from "../webhooks.js";
import { handleWebhookRequest, notFoundResponse, type WebhookHttpResponse } from "./handle.js";
import { pathMatches } from "./path.js";
import { type BodyLimits, type NodeBodyStream, readNodeBody } from "./read-body.js";

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

export interface NodeHandlerOptions<Request extends NodeRequest = NodeRequest> {
  /** Only answer requests to this path; others get 404 (or go to `next` when given). Default: every path. */
  path?: string;
  /**
   * Where the raw bytes come from. Default: the request stream, read with the instance's limits.
   * For frameworks whose parsers may already hold the bytes (Express's `req.body` Buffer).
   */
  readBody?: (request: Request, limits: BodyLimits) => Promise<RawBody>;
}

export function writeNodeResponse(res: NodeResponse, response: WebhookHttpResponse): void {
  if (res.headersSent) return;
  res.writeHead(response.status, response.headers);
  res.end(response.body);
}

/** A `node:http` request listener; also usable as Connect-style middleware `(req, res, next)`. */
export function createNodeHandler<Request extends NodeRequest = NodeRequest>(
  webhooks: Webhooks | HeronWebhooksOptions,
  options?: NodeHandlerOptions<Request>,
): (req: Request, res: NodeResponse, next?: () => void) => Promise<void> {
  const instance = resolveWebhooks(webhooks);
  const { path, readBody = readNodeBody } = options ?? {};
  return async (req, res, next) => {
    if (!pathMatches(req.url ?? "/", path)) {
      if (next) return next();
      return writeNodeResponse(res, notFoundResponse());
    }
    const response = await handleWebhookRequest(instance, {
      method: req.method ?? "GET",
      headers: req.headers,
      rawBody: (limits) => readBody(req, limits),
    });
    writeNodeResponse(res, response);
  };
}
