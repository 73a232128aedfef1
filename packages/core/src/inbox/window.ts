import { parseCreated } from "../envelope.js";
import { HeronWebhookError } from "../errors.js";
import type { HeronWebhookEvent } from "../topics.js";

/** How far in the future a signed `created` may be: clocks drift, but not by this much. */
export const MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

export function checkMaxEventAge(seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "`maxEventAgeSeconds` must be a positive number of seconds.",
    );
  }
  return seconds * 1000;
}

/**
 * Refuses an event whose signed `created` is older than `maxAgeMs` or more than a few minutes
 * ahead of `now`: a delivery replayed after the window closes is refused, not run.
 */
export function checkEventWindow(event: HeronWebhookEvent, maxAgeMs: number, now: number): void {
  const created = parseCreated(event.created).getTime();
  if (Number.isNaN(created)) {
    throw new HeronWebhookError(
      "EVENT_OUTSIDE_WINDOW",
      "The signed `created` is not a valid time.",
    );
  }
  if (created < now - maxAgeMs) {
    throw new HeronWebhookError(
      "EVENT_OUTSIDE_WINDOW",
      `The event was created ${Math.round((now - created) / 1000)} s ago, more than maxEventAgeSeconds (${maxAgeMs / 1000} s): refused as a possible replay.`,
    );
  }
  if (created > now + MAX_CLOCK_SKEW_MS) {
    throw new HeronWebhookError(
      "EVENT_OUTSIDE_WINDOW",
      `The event's created time is ${Math.round((created - now) / 1000)} s in the future: check this server's clock.`,
    );
  }
}
