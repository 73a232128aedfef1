/** Why forwarding to Slack failed. Each message says what to do; none contains the webhook URL. */
export type HeronSlackErrorCode =
  /** Slack refused the message for good (a revoked webhook, an archived channel, a bad payload): not retried. */
  | "SLACK_REJECTED"
  /** Slack still answered 429, or the wait it asked for does not fit in `deadlineMs`. */
  | "SLACK_RATE_LIMITED"
  /** Slack answered 5xx, or could not be reached, on every attempt. */
  | "SLACK_UNAVAILABLE"
  /** Slack did not answer within `timeoutMs` on the last attempt. */
  | "SLACK_TIMEOUT"
  /** `forwardToSlack` was given options it cannot work with. */
  | "INVALID_CONFIG";

// A registry-wide symbol, so `instanceof` holds even when the ESM and CJS builds are both loaded.
const BRAND = Symbol.for("@heron-webhooks/slack.HeronSlackError");

export interface HeronSlackErrorDetails {
  /** Slack's HTTP status, when it answered. */
  status?: number;
  /** Slack's error string (`channel_is_archived`), `timeout`, or the network error code (`ECONNREFUSED`). */
  reason?: string;
  /** How many posts were tried. */
  attempts?: number;
  /** For SLACK_RATE_LIMITED: how long Slack (or the local rate limit) asked to wait. */
  retryAfterMs?: number;
}

export class HeronSlackError extends Error {
  override readonly name = "HeronSlackError";
  readonly code: HeronSlackErrorCode;
  readonly status: number | undefined;
  readonly reason: string | undefined;
  readonly attempts: number;
  readonly retryAfterMs: number | undefined;

  constructor(code: HeronSlackErrorCode, message: string, details: HeronSlackErrorDetails = {}) {
    // No `cause`: the errors fetch throws can carry the request URL, which is the secret.
    super(message);
    this.code = code;
    this.status = details.status;
    this.reason = details.reason;
    this.attempts = details.attempts ?? 0;
    this.retryAfterMs = details.retryAfterMs;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && BRAND in value;
  }
}

export function isHeronSlackError(value: unknown): value is HeronSlackError {
  return value instanceof HeronSlackError;
}
