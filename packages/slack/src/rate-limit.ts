// Slack allows about one message a second per webhook, with short bursts over it. One token bucket per
// webhook URL, shared by every handler in the process, keeps to that before Slack has to answer 429.
// A slot every 1.1 s, not 1 s: Slack counts when posts arrive, and they do not arrive as evenly as they leave.
const RATE_PER_MS = 1 / 1100;
export const BURST = 3;

interface Bucket {
  tokens: number;
  /** When `tokens` was counted; in the future after a 429, so nothing refills before Retry-After. */
  countedAt: number;
}

// Keyed by the URL itself; the map never leaves this module.
const buckets = new Map<string, Bucket>();

function bucketFor(url: string, now: number): Bucket {
  let bucket = buckets.get(url);
  if (!bucket) {
    bucket = { tokens: BURST, countedAt: now };
    buckets.set(url, bucket);
  }
  if (now > bucket.countedAt) {
    bucket.tokens = Math.min(BURST, bucket.tokens + (now - bucket.countedAt) * RATE_PER_MS);
    bucket.countedAt = now;
  }
  return bucket;
}

/**
 * Reserves the next slot to post to `url` and returns how long to wait for it, or `undefined` (reserving
 * nothing) when that wait would be longer than `maxWaitMs`. Reservations are served in call order.
 */
export function reserveSlot(url: string, now: number, maxWaitMs: number): number | undefined {
  const bucket = bucketFor(url, now);
  const wait = Math.max(0, bucket.countedAt - now) + Math.max(0, (1 - bucket.tokens) / RATE_PER_MS);
  if (wait > maxWaitMs) return undefined;
  // Tokens may go below zero: each later caller waits for the slots reserved before its own.
  bucket.tokens -= 1;
  return wait;
}

/** After a 429: one post to `url` at `until` at the earliest, then one a second again. */
export function blockUntil(url: string, now: number, until: number): void {
  const bucket = bucketFor(url, now);
  if (until <= bucket.countedAt) return;
  bucket.tokens = Math.min(bucket.tokens, 1);
  bucket.countedAt = until;
}
