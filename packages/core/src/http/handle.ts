import type { RawBody } from "../bytes.js";
import type { VerifiedDelivery } from "../construct-event.js";
import { HeronWebhookError, isHeronWebhookError, methodNotAllowed, notFound } from "../errors.js";
import type { HeadersInput } from "../headers.js";
import type { BodyReader, Webhooks } from "../webhooks.js";

export interface WebhookHttpRequest {
  method: string;
  headers: HeadersInput;
  /** The raw body as received, or a function that reads it with the byte limit. */
  rawBody: RawBody | BodyReader;
}

export interface WebhookHttpResponse {
  status: number;
  headers: Record<string, string>;
  /** Small JSON: `{"ok":true}` or `{"error":"<code>"}`. Never a secret, signature or stack. */
  body: string;
}

export interface HandleWebhookOptions {
  /** Called with the verified delivery before a 200 is answered: for adapters that hand the event on. */
  onAccepted?(delivery: VerifiedDelivery): void;
}

const JSON_TYPE = "application/json; charset=utf-8";

// A fresh response (and headers object) each time: runtimes such as @hono/node-server write into it.
function jsonResponse(
  status: number,
  body: string,
  extra: Record<string, string> = {},
): WebhookHttpResponse {
  // A Content-Length (the body is ASCII) lets Node keep an HTTP/1.0 keep-alive connection open, so
  // every pipelined request whose handler ran gets its answer.
  return {
    status,
    headers: { "content-type": JSON_TYPE, "content-length": String(body.length), ...extra },
    body,
  };
}

export function errorResponse(error: HeronWebhookError): WebhookHttpResponse {
  const extra: Record<string, string> = {};
  if (error.code === "METHOD_NOT_ALLOWED") extra.allow = "POST";
  // A body past its deadline is not read further. (After a 413 the reader discards the rest of the
  // body for a bounded time, so the client can read the answer; a Connection: close here would make
  // Node reset the connection while the client is still writing.)
  if (error.code === "BODY_TIMEOUT") extra.connection = "close";
  return jsonResponse(error.status, JSON.stringify({ error: error.code }), extra);
}

export function notFoundResponse(): WebhookHttpResponse {
  return errorResponse(notFound());
}

// Built in one literal: this is the hot path of every accepted delivery.
function okResponse(): WebhookHttpResponse {
  return {
    status: 200,
    headers: { "content-type": JSON_TYPE, "content-length": "11" },
    body: '{"ok":true}',
  };
}

/**
 * The HTTP contract (docs/http-contract.md) in one place: every adapter hands over method, headers and
 * raw body, and writes back what this returns. Never rejects.
 */
export async function handleWebhookRequest(
  webhooks: Webhooks,
  request: WebhookHttpRequest,
  options?: HandleWebhookOptions,
): Promise<WebhookHttpResponse> {
  // Compared as given first: servers hand over methods in upper case, and case mapping is not free.
  const { method } = request;
  if (method !== "POST" && method.toUpperCase() !== "POST") {
    return errorResponse(methodNotAllowed(request.method));
  }
  try {
    const delivery = await webhooks.verifyAndReceive({
      rawBody: request.rawBody,
      headers: request.headers,
    });
    options?.onAccepted?.(delivery);
    return okResponse();
  } catch (error) {
    return errorResponse(
      isHeronWebhookError(error)
        ? error
        : new HeronWebhookError("HANDLER_FAILED", "The delivery failed.", { cause: error }),
    );
  }
}
