import type { RawBody } from "../bytes.js";
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
}

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

export function errorResponse(error: HeronWebhookError): WebhookHttpResponse {
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (error.code === "METHOD_NOT_ALLOWED") headers.allow = "POST";
  // The rest of an oversized body is never read: end the connection rather than drain it.
  if (error.code === "PAYLOAD_TOO_LARGE") headers.connection = "close";
  return { status: error.status, headers, body: JSON.stringify({ error: error.code }) };
}

export const NOT_FOUND_RESPONSE: WebhookHttpResponse = {
  status: 404,
  headers: JSON_HEADERS,
  body: '{"error":"NOT_FOUND"}',
};

export const OK_RESPONSE: WebhookHttpResponse = {
  status: 200,
  headers: JSON_HEADERS,
  body: '{"ok":true}',
};

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
    await webhooks.verifyAndReceive({ rawBody: request.rawBody, headers: request.headers });
    return OK_RESPONSE;
  } catch (error) {
    return errorResponse(
      isHeronWebhookError(error)
        ? error
        : new HeronWebhookError("HANDLER_FAILED", "The delivery failed.", { cause: error }),
    );
  }
}
