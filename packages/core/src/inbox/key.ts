import type { HeronWebhookEvent } from "../topics.js";

/** What makes two deliveries one. Return the same string for deliveries that must run once. */
export type DeliveryKeyFunction = (
  event: HeronWebhookEvent,
  rawBody: Uint8Array,
) => string | Promise<string>;

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, "0"));

/**
 * The default key: the SHA-256 (hex) of the raw body. Byte-identical bodies are one delivery (Heron's
 * retries resend the same bytes); bodies that differ in any byte are never merged.
 */
export async function bodyDigestKey(
  _event: HeronWebhookEvent,
  rawBody: Uint8Array,
): Promise<string> {
  // Web Crypto: on every runtime core supports, and only paid for with an inbox.
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", rawBody as Uint8Array<ArrayBuffer>),
  );
  let hex = "";
  for (const byte of digest) hex += HEX[byte];
  return hex;
}
