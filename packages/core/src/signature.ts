import { isRawBody, type RawBody, toBytes } from "./bytes.js";
import { backend, type HmacKey } from "./crypto/backend.js";
import { keysFor, requireKeys, type WebhookSecret } from "./secrets.js";
import { stripJsonWhitespace } from "./whitespace.js";

/** Standard base64 of exactly 32 bytes: 43 characters and one `=`. */
const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{43}=$/;

export type SignatureFailure = "MISSING_SIGNATURE" | "MALFORMED_SIGNATURE" | "SIGNATURE_MISMATCH";

export type SignatureCheck =
  | {
      valid: true;
      /** Which secret matched: during a rotation, the old one can go once this stays 0. */
      secretIndex: number;
      /** The bytes that were signed: the raw body, or it without JSON whitespace. */
      signedBytes: Uint8Array;
      whitespaceNormalized: boolean;
    }
  | { valid: false; reason: SignatureFailure };

function parseHeader(header: unknown): Uint8Array | SignatureFailure {
  if (typeof header !== "string") return "MISSING_SIGNATURE";
  const trimmed = header.trim();
  if (trimmed === "") return "MISSING_SIGNATURE";
  if (!SIGNATURE_PATTERN.test(trimmed)) return "MALFORMED_SIGNATURE";
  return backend().decodeBase64(trimmed);
}

async function findKey(keys: readonly HmacKey[], bytes: Uint8Array, expected: Uint8Array) {
  const { equal } = backend();
  for (let index = 0; index < keys.length; index++) {
    const digest = (keys[index] as HmacKey).digest(bytes);
    if (equal(digest instanceof Uint8Array ? digest : await digest, expected)) return index;
  }
  return -1;
}

/** Checks a signature with already imported keys. Never throws. */
export async function checkSignature(
  rawBody: RawBody,
  header: unknown,
  keys: readonly HmacKey[],
): Promise<SignatureCheck> {
  const expected = parseHeader(header);
  if (typeof expected === "string") return { valid: false, reason: expected };
  const bytes = toBytes(rawBody);
  let secretIndex = await findKey(keys, bytes, expected);
  if (secretIndex >= 0)
    return { valid: true, secretIndex, signedBytes: bytes, whitespaceNormalized: false };
  const compact = stripJsonWhitespace(bytes);
  if (compact) {
    secretIndex = await findKey(keys, compact, expected);
    if (secretIndex >= 0)
      return { valid: true, secretIndex, signedBytes: compact, whitespaceNormalized: true };
  }
  return { valid: false, reason: "SIGNATURE_MISMATCH" };
}

/**
 * Whether `signatureHeader` (the `Heron-Signature` value) signs `rawBody` with `secret`, or with
 * any of several secrets. Verifies the exact bytes received. Never throws: bad input is `false`.
 */
export async function verifySignature(
  rawBody: RawBody,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
): Promise<boolean> {
  return (await findMatchingSecret(rawBody, signatureHeader, secret)) >= 0;
}

/** The index of the secret that signed `rawBody` (0 for a single secret), or -1. Never throws. */
export async function findMatchingSecret(
  rawBody: RawBody,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
): Promise<number> {
  const keys = keysFor(secret);
  if (!keys || !isRawBody(rawBody)) return -1;
  const check = await checkSignature(rawBody, signatureHeader, keys);
  return check.valid ? check.secretIndex : -1;
}

/** The `Heron-Signature` header value for `rawBody`: base64 HMAC-SHA256, as Heron computes it. */
export async function sign(rawBody: RawBody, secret: string): Promise<string> {
  const [key] = requireKeys(secret) as [HmacKey];
  return backend().encodeBase64(await key.digest(toBytes(rawBody)));
}
