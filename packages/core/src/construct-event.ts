import type { RawBody } from "./bytes.js";
import { isRawBody, toBytes } from "./bytes.js";
import type { HmacKey } from "./crypto/backend.js";
import { parseEnvelope } from "./envelope.js";
import { HeronWebhookError, payloadTooLarge } from "./errors.js";
import { requireKeys, type WebhookSecret } from "./secrets.js";
import { checkSignature, type SignatureCheck, type SignatureFailure } from "./signature.js";
import type { HeronWebhookEvent } from "./topics.js";

export interface ConstructEventOptions {
  /** Reject bodies larger than this many bytes. Default: 1 MiB. */
  maxBodyBytes?: number;
}

export interface VerifiedDelivery {
  event: HeronWebhookEvent;
  /** Which secret matched (0 for a single secret). */
  secretIndex: number;
  /** True when only the body without JSON whitespace matched the signature. */
  whitespaceNormalized: boolean;
}

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

const FAILURE_MESSAGES: Record<SignatureFailure, string> = {
  MISSING_SIGNATURE: "The Heron-Signature header is missing or empty.",
  MALFORMED_SIGNATURE:
    "The Heron-Signature header is not a base64 HMAC-SHA256 signature (44 base64 characters).",
  SIGNATURE_MISMATCH:
    "The Heron-Signature header does not match the body. Check the secret, and that the body is the raw bytes received (not parsed and re-serialised).",
};

function verified(check: SignatureCheck): VerifiedDelivery {
  if (!check.valid) throw new HeronWebhookError(check.reason, FAILURE_MESSAGES[check.reason]);
  return {
    event: parseEnvelope(check.signedBytes),
    secretIndex: check.secretIndex,
    whitespaceNormalized: check.whitespaceNormalized,
  };
}

/**
 * Verifies with imported keys, then parses: the shared path of `constructEvent` and the router.
 * Throws, or returns without a promise where the crypto is synchronous (node:crypto), so the
 * router's hot path waits on nothing it need not.
 */
export function verifyDelivery(
  rawBody: RawBody,
  signatureHeader: unknown,
  keys: readonly HmacKey[],
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
): VerifiedDelivery | Promise<VerifiedDelivery> {
  if (!isRawBody(rawBody)) {
    throw new HeronWebhookError(
      "RAW_BODY_UNAVAILABLE",
      `Expected the raw body as a string, Uint8Array (Buffer) or ArrayBuffer, got ${rawBody === null ? "null" : typeof rawBody}. A JSON parser probably ran first: pass the bytes received, before any parsing.`,
    );
  }
  const bytes = toBytes(rawBody);
  if (bytes.byteLength > maxBodyBytes) {
    throw payloadTooLarge(maxBodyBytes);
  }
  const check = checkSignature(bytes, signatureHeader, keys);
  return "valid" in check ? verified(check) : check.then(verified);
}

/**
 * Verifies `rawBody` against the `Heron-Signature` header and returns the typed event.
 * Throws `HeronWebhookError` (with `code` and `status`) for anything that should not reach a handler.
 */
export async function constructEvent(
  rawBody: RawBody,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
  options: ConstructEventOptions = {},
): Promise<HeronWebhookEvent> {
  const keys = requireKeys(secret);
  return (await verifyDelivery(rawBody, signatureHeader, keys, options.maxBodyBytes)).event;
}
