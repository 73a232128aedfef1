import { utf8 } from "./bytes.js";
import { backend, type HmacKey } from "./crypto/backend.js";
import { HeronWebhookError } from "./errors.js";

/** One shared secret, or several during a rotation (first is current; any may match). */
export type WebhookSecret = string | readonly string[];

const cache = new Map<string, HmacKey>();
const CACHE_LIMIT = 64;

/** Imported once per secret: importing per call would cost more than the HMAC itself. */
function keyFor(secret: string): HmacKey {
  let key = cache.get(secret);
  if (!key) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    key = backend().importKey(utf8(secret));
    cache.set(secret, key);
  }
  return key;
}

export function isUsableSecret(secret: unknown): secret is string {
  return typeof secret === "string" && secret.trim() !== "";
}

/** The keys for `secrets`, or `null` when any secret is unusable. Never throws. */
export function keysFor(secrets: unknown): HmacKey[] | null {
  if (typeof secrets === "string") return isUsableSecret(secrets) ? [keyFor(secrets)] : null;
  if (!Array.isArray(secrets) || secrets.length === 0) return null;
  const keys: HmacKey[] = [];
  for (const secret of secrets) {
    if (!isUsableSecret(secret)) return null;
    keys.push(keyFor(secret));
  }
  return keys;
}

/** Like `keysFor`, but says clearly what is wrong: for configuration time. */
export function requireKeys(secrets: unknown): HmacKey[] {
  const list: unknown[] = Array.isArray(secrets) ? secrets : [secrets];
  if (list.length === 0) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "`secret` is an empty array: give at least one secret.",
    );
  }
  list.forEach((secret, index) => {
    const where = Array.isArray(secrets) ? `secret[${index}]` : "secret";
    if (typeof secret !== "string") {
      throw new HeronWebhookError(
        "INVALID_CONFIG",
        `\`${where}\` must be a string, got ${secret === null ? "null" : typeof secret}. Is HERON_WEBHOOK_SECRET set?`,
      );
    }
    if (secret.trim() === "") {
      throw new HeronWebhookError(
        "INVALID_CONFIG",
        `\`${where}\` is empty or only whitespace. Is HERON_WEBHOOK_SECRET set?`,
      );
    }
  });
  return keysFor(secrets) as HmacKey[];
}
