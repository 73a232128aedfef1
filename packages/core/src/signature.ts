import { isRawBody, type RawBody, toBytes } from "./bytes.js";
import { backend, type HmacKey } from "./crypto/backend.js";
import { keysFor, requireKeys, type WebhookSecret } from "./secrets.js";
import { stripJsonWhitespace } from "./whitespace.js";

/**
 * Canonical base64 of exactly 32 bytes: 43 characters and one `=`. The last character's two unused
 * bits must be zero, as every encoder writes them; decoders ignore them, so 4 headers would pass.
 */
const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

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

// With node:crypto every step is synchronous, so the valid path settles without a single await:
// these helpers return a value where they can and a promise only where Web Crypto makes them.
type MaybePromise<T> = T | Promise<T>;

const MISMATCH: SignatureCheck = { valid: false, reason: "SIGNATURE_MISMATCH" };

function parseHeader(header: unknown): Uint8Array | SignatureFailure {
  if (typeof header !== "string") return "MISSING_SIGNATURE";
  const trimmed = header.trim();
  if (trimmed === "") return "MISSING_SIGNATURE";
  if (!SIGNATURE_PATTERN.test(trimmed)) return "MALFORMED_SIGNATURE";
  return backend().decodeBase64(trimmed);
}

/** The index of the key whose digest of `bytes` is `expected`, or -1. Keys are tried in order. */
function findKey(
  keys: readonly HmacKey[],
  bytes: Uint8Array,
  expected: Uint8Array,
  from = 0,
): MaybePromise<number> {
  const { equal } = backend();
  for (let index = from; index < keys.length; index++) {
    const digest = (keys[index] as HmacKey).digest(bytes);
    if (!(digest instanceof Uint8Array)) {
      return digest.then((value) =>
        equal(value, expected) ? index : findKey(keys, bytes, expected, index + 1),
      );
    }
    if (equal(digest, expected)) return index;
  }
  return -1;
}

/** The documented retry: only reached on a mismatch, so it costs the valid path nothing. */
async function checkWithoutWhitespace(
  bytes: Uint8Array,
  expected: Uint8Array,
  keys: readonly HmacKey[],
): Promise<SignatureCheck> {
  const compact = stripJsonWhitespace(bytes);
  if (!compact) return MISMATCH;
  const secretIndex = await findKey(keys, compact, expected);
  if (secretIndex < 0) return MISMATCH;
  return { valid: true, secretIndex, signedBytes: compact, whitespaceNormalized: true };
}

function checkFound(
  secretIndex: number,
  bytes: Uint8Array,
  expected: Uint8Array,
  keys: readonly HmacKey[],
): MaybePromise<SignatureCheck> {
  if (secretIndex < 0) return checkWithoutWhitespace(bytes, expected, keys);
  return { valid: true, secretIndex, signedBytes: bytes, whitespaceNormalized: false };
}

/** Checks a signature with already imported keys. Never throws; await the result. */
export function checkSignature(
  rawBody: RawBody,
  header: unknown,
  keys: readonly HmacKey[],
): MaybePromise<SignatureCheck> {
  const expected = parseHeader(header);
  if (typeof expected === "string") return { valid: false, reason: expected };
  const bytes = toBytes(rawBody);
  const found = findKey(keys, bytes, expected);
  return typeof found === "number"
    ? checkFound(found, bytes, expected, keys)
    : found.then((secretIndex) => checkFound(secretIndex, bytes, expected, keys));
}

const indexOf = (check: SignatureCheck) => (check.valid ? check.secretIndex : -1);

function matchingSecret(
  rawBody: RawBody,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
): MaybePromise<number> {
  const keys = keysFor(secret);
  if (!keys || !isRawBody(rawBody)) return -1;
  const check = checkSignature(rawBody, signatureHeader, keys);
  return check instanceof Promise ? check.then(indexOf) : indexOf(check);
}

/**
 * Whether `signatureHeader` (the `Heron-Signature` value) signs `rawBody` with `secret`, or with
 * any of several secrets. Verifies the exact bytes received. Never throws: bad input is `false`.
 */
export function verifySignature(
  rawBody: RawBody,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
): Promise<boolean> {
  // Like an async function, it reports any failure as a rejection, never as a synchronous throw.
  try {
    const index = matchingSecret(rawBody, signatureHeader, secret);
    return typeof index === "number" ? Promise.resolve(index >= 0) : index.then((i) => i >= 0);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The index of the secret that signed `rawBody` (0 for a single secret), or -1. Never throws. */
export function findMatchingSecret(
  rawBody: RawBody,
  signatureHeader: string | null | undefined,
  secret: WebhookSecret,
): Promise<number> {
  try {
    return Promise.resolve(matchingSecret(rawBody, signatureHeader, secret));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The `Heron-Signature` header value for `rawBody`: base64 HMAC-SHA256, as Heron computes it. */
export async function sign(rawBody: RawBody, secret: string): Promise<string> {
  const [key] = requireKeys(secret) as [HmacKey];
  return backend().encodeBase64(await key.digest(toBytes(rawBody)));
}
