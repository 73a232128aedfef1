import type { RawBody } from "../bytes.js";
import type { VerifiedDelivery } from "../construct-event.js";
import { HeronWebhookError, isHeronWebhookError } from "../errors.js";
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
  /** On a 200: the verified delivery, for adapters that hand the event on (Hono's middleware). */
  delivery?: VerifiedDelivery;
}

const JSON_TYPE = "application/json; charset=utf-8";

// A fresh response (and headers object) each time: runtimes such as @hono/node-server write into it.
function jsonResponse(
  status: number,
  body: string,
  extra: Record<string, string> = {},
): WebhookHttpResponse {
  return { status, headers: { "content-type": JSON_TYPE, ...extra }, body };
}

export function errorResponse(error: HeronWebhookError): WebhookHttpResponse {
  const extra: Record<string, string> = {};
  if (error.code === "METHOD_NOT_ALLOWED") extra.allow = "POST";
  // The rest of an oversized body is never read: end the connection rather than drain it.
  if (error.code === "PAYLOAD_TOO_LARGE") extra.connection = "close";
  return jsonResponse(error.status, JSON.stringify({ error: error.code }), extra);
}

export function notFoundResponse(): WebhookHttpResponse {
  return jsonResponse(404, '{"error":"NOT_FOUND"}');
}

// Built in one literal: this is the hot path of every accepted delivery.
function okResponse(delivery: VerifiedDelivery): WebhookHttpResponse {
  return { status: 200, headers: { "content-type": JSON_TYPE }, body: '{"ok":true}', delivery };
}

/**
 * The HTTP contract of DESIGN.md in one place: every adapter hands over method, headers and
 * raw body, and writes back what this returns. Never rejects.
 */
export async function handleWebhookRequest(
  webhooks: Webhooks,
  request: WebhookHttpRequest,
): Promise<WebhookHttpResponse> {
  if (request.method.toUpperCase() !== "POST") {
    return errorResponse(
      new HeronWebhookError(
        "METHOD_NOT_ALLOWED",
        `Heron delivers webhooks with POST, not ${request.method}.`,
      ),
    );
  }
  try {
    const delivery = await webhooks.verifyAndReceive({
      rawBody: request.rawBody,
      headers: request.headers,
    });
    return okResponse(delivery);
  } catch (error) {
    return errorResponse(
      isHeronWebhookError(error)
        ? error
        : new HeronWebhookError("HANDLER_FAILED", "The delivery failed.", { cause: error }),
    );
  }
}
