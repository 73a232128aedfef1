import { HeronWebhookError } from "../errors.js";

export interface RetryOptions {
  /** Attempts in all, the first included; after the last failure the delivery is dead. Default 12. */
  attempts?: number;
  /** Wait before the first retry. Default 5 000 ms. */
  initialDelayMs?: number;
  /** Each wait is this many times the one before. Default 4. */
  factor?: number;
  /** No wait is longer than this. Default 4 hours. */
  maxDelayMs?: number;
  /** Each wait is moved by up to this fraction either way, so retries of many deliveries spread out. Default 0.2. */
  jitter?: number;
}

/** Decides, after a failed attempt, whether and when the delivery runs again. */
export interface RetrySchedule {
  readonly attempts: number;
  /** The wait after failed attempt `attempt` (1-based), or null when that was the last. */
  delayAfter(attempt: number): number | null;
}

// 5 s, 20 s, 80 s, 5 min, 21 min, 85 min, then 4 h five times: 12 attempts over about 22 hours,
// so a bug fixed within a day loses nothing.
const DEFAULTS = {
  attempts: 12,
  initialDelayMs: 5_000,
  factor: 4,
  maxDelayMs: 4 * 60 * 60 * 1000,
  jitter: 0.2,
} as const;

function invalid(message: string): HeronWebhookError {
  return new HeronWebhookError("INVALID_CONFIG", `\`retry\`: ${message}`);
}

export function createRetrySchedule(
  options: RetryOptions = {},
  random: () => number = Math.random,
): RetrySchedule {
  const { attempts, initialDelayMs, factor, maxDelayMs, jitter } = { ...DEFAULTS, ...options };
  if (!Number.isSafeInteger(attempts) || attempts < 1) {
    throw invalid("`attempts` must be a whole number, at least 1.");
  }
  for (const [name, value] of [
    ["initialDelayMs", initialDelayMs],
    ["maxDelayMs", maxDelayMs],
  ] as const) {
    if (!Number.isFinite(value) || value < 0) throw invalid(`\`${name}\` must be 0 or more.`);
  }
  if (!Number.isFinite(factor) || factor < 1) throw invalid("`factor` must be 1 or more.");
  if (!(jitter >= 0 && jitter <= 1)) throw invalid("`jitter` must be between 0 and 1.");
  return {
    attempts,
    delayAfter(attempt) {
      if (attempt >= attempts) return null;
      const base = Math.min(initialDelayMs * factor ** (attempt - 1), maxDelayMs);
      return Math.round(base * (1 + jitter * (2 * random() - 1)));
    },
  };
}
