import { utf8 } from "./bytes.js";
import { backend, type HmacKey } from "./crypto/backend.js";
import { type HeronWebhookError, invalidConfig } from "./errors.js";

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

function unusable(secret: unknown): string | undefined {
  if (typeof secret !== "string") {
    return `must be a string, got ${secret === null ? "null" : typeof secret}. Is HERON_WEBHOOK_SECRET set?`;
  }
  if (secret.trim() === "") return "is empty or only whitespace. Is HERON_WEBHOOK_SECRET set?";
  return undefined;
}

// Usable, but never what Heron signs with: almost always a newline from an env file.
function padded(secret: unknown): string | undefined {
  return typeof secret === "string" && secret.trim() !== secret
    ? "has leading or trailing whitespace (often a newline from an env file), so no delivery would verify: trim it."
    : undefined;
}

/** The first problem `check` finds with `secrets`, as a configuration error. */
function configError(
  secrets: unknown,
  check: (secret: unknown) => string | undefined,
): HeronWebhookError | undefined {
  if (!Array.isArray(secrets)) {
    const problem = check(secrets);
    return problem ? invalidConfig(`\`secret\` ${problem}`) : undefined;
  }
  if (secrets.length === 0) {
    return invalidConfig("`secret` is an empty array: give at least one secret.");
  }
  for (const [index, secret] of secrets.entries()) {
    const problem = check(secret);
    if (problem) return invalidConfig(`\`secret[${index}]\` ${problem}`);
  }
  return undefined;
}

/** Like `keysFor`, but says clearly what is wrong: for `sign` and `constructEvent`. */
export function requireKeys(secrets: unknown): Keys {
  const keys = keysFor(secrets);
  if (keys) return keys;
  throw configError(secrets, unusable);
}

/** For a receiver being set up: also refuses a padded secret, which would verify no delivery. */
export function requireReceiverKeys(secrets: unknown): Keys {
  const error = configError(secrets, (secret) => unusable(secret) ?? padded(secret));
  if (error) throw error;
  return keysFor(secrets) as Keys;
}
