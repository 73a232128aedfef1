/** How long one warning covers: at most one line per window, however many deliveries fail. */
const WINDOW_MS = 60_000;

/**
 * Without an `onError` handler, a receiver with the wrong secret would answer 401 to every delivery
 * and log nothing. One short line when signature failures start, then at most one a minute with the
 * count. Never the signature or the secret.
 */
export function createSignatureFailureWarning(now: () => number = Date.now) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let missed = 0;
  return {
    record(): void {
      const time = now();
      if (time - windowStart < WINDOW_MS) {
        missed++;
        return;
      }
      const earlier = missed > 0 ? ` (${missed} more in the last minute)` : "";
      console.warn(
        `[heron-webhooks] a delivery failed signature verification${earlier}. If every delivery does, the secret is wrong: check HERON_WEBHOOK_SECRET against Heron's webhook secret. Add an onError handler to handle these yourself.`,
      );
      windowStart = time;
      missed = 0;
    },
  };
}
