import { utf8 } from "./bytes.js";
import { backend, type HmacKey } from "./crypto/backend.js";
import { HeronWebhookError } from "./errors.js";

/** One shared secret, or several during a rotation (first is current; any may match). */
export type WebhookSecret = string | readonly string[];

type Keys = readonly HmacKey[];

// Per secret, its key as a one-element list: a single secret, the common case, allocates nothing per call.
const single = new Map<string, Keys>();
const CACHE_LIMIT = 64;

// Per rotation list, its keys and the secrets they came from: the list may be changed in place.
const lists = new WeakMap<readonly unknown[], { secrets: readonly unknown[]; keys: Keys }>();

export function isUsableSecret(secret: unknown): secret is string {
  return typeof secret === "string" && secret.trim() !== "";
}

/** Imported once per secret: importing per call would cost more than the HMAC itself. */
function keysOfSecret(secret: string): Keys {
  let keys = single.get(secret);
  if (!keys) {
    if (single.size >= CACHE_LIMIT) single.clear();
    keys = [backend().importKey(utf8(secret))];
    single.set(secret, keys);
  }
  return keys;
}

function sameSecrets(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function keysOfList(secrets: readonly unknown[]): Keys | null {
  const known = lists.get(secrets);
  if (known && sameSecrets(known.secrets, secrets)) return known.keys;
  if (secrets.length === 0) return null;
  const keys: HmacKey[] = [];
  for (const secret of secrets) {
    if (!isUsableSecret(secret)) return null;
    keys.push(keysOfSecret(secret)[0] as HmacKey);
  }
  lists.set(secrets, { secrets: [...secrets], keys });
  return keys;
}

/** The keys for `secrets`, or `null` when any secret is unusable. Never throws. */
export function keysFor(secrets: unknown): Keys | null {
  if (typeof secrets === "string") {
    // Only usable secrets are ever cached, so a hit skips the check.
    return single.get(secrets) ?? (isUsableSecret(secrets) ? keysOfSecret(secrets) : null);
  }
  return Array.isArray(secrets) ? keysOfList(secrets) : null;
}

function secretError(secret: unknown, where: string): HeronWebhookError {
  const problem =
    typeof secret !== "string"
      ? `must be a string, got ${secret === null ? "null" : typeof secret}`
      : "is empty or only whitespace";
  return new HeronWebhookError(
    "INVALID_CONFIG",
    `\`${where}\` ${problem}. Is HERON_WEBHOOK_SECRET set?`,
  );
}

/** What is wrong with secrets that `keysFor` refused. */
function configError(secrets: unknown): HeronWebhookError {
  if (!Array.isArray(secrets)) return secretError(secrets, "secret");
  if (secrets.length === 0) {
    return new HeronWebhookError(
      "INVALID_CONFIG",
      "`secret` is an empty array: give at least one secret.",
    );
  }
  const index = secrets.findIndex((secret) => !isUsableSecret(secret));
  return secretError(secrets[index], `secret[${index}]`);
}

/** Like `keysFor`, but says clearly what is wrong: for configuration time. */
export function requireKeys(secrets: unknown): Keys {
  const keys = keysFor(secrets);
  if (!keys) throw configError(secrets);
  return keys;
}
