import type { SlackClock } from "./clock.js";
import { HeronSlackError } from "./errors.js";
import type { SlackMessage } from "./message.js";
import { blockUntil, reserveSlot } from "./rate-limit.js";
import { rejectionHint, retryAfterMs, slackReason } from "./slack-response.js";

export interface PostSettings {
  timeoutMs: number;
  deadlineMs: number;
  maxAttempts: number;
  clock: SlackClock;
  random: () => number;
}

type Outcome =
  | { kind: "ok" }
  | { kind: "rejected"; status: number; reason: string }
  | { kind: "rate-limited"; status: number; retryAfterMs: number | undefined }
  | { kind: "unavailable"; status?: number; reason: string }
  | { kind: "timeout" };

const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 4000;

/** Exponential backoff with equal jitter: half the step fixed, half random. */
function backoff(attempt: number, random: () => number): number {
  const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** The network error's code (`ECONNREFUSED`), never its message: fetch's messages can quote the URL. */
function networkReason(error: unknown): string {
  const code = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? code : "network_error";
}

async function attemptPost(url: string, body: string, timeoutMs: number): Promise<Outcome> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body,
      // A redirect would send the message somewhere the user did not configure.
      redirect: "manual",
      signal,
    });
    const text = await response.text();
    const { status } = response;
    if (status >= 200 && status < 300) return { kind: "ok" };
    if (status === 429) {
      const wait = retryAfterMs(response.headers.get("retry-after"), Date.now());
      return { kind: "rate-limited", status, retryAfterMs: wait };
    }
    if (status >= 500 || status === 408) {
      return { kind: "unavailable", status, reason: slackReason(status, text) };
    }
    return { kind: "rejected", status, reason: slackReason(status, text) };
  } catch (error) {
    if (signal.aborted) return { kind: "timeout" };
    return { kind: "unavailable", reason: networkReason(error) };
  }
}

type Retryable = Extract<Outcome, { kind: "rate-limited" | "unavailable" | "timeout" }>;

function finalError(
  outcome: Retryable,
  attempts: number,
  waitMs: number | undefined,
): HeronSlackError {
  const tried = `after ${attempts} ${attempts === 1 ? "attempt" : "attempts"}`;
  switch (outcome.kind) {
    case "rate-limited":
      return new HeronSlackError(
        "SLACK_RATE_LIMITED",
        `Slack rate-limited the webhook (429) ${tried}; the message was not posted.`,
        { status: outcome.status, reason: "rate_limited", attempts, retryAfterMs: waitMs },
      );
    case "timeout":
      return new HeronSlackError(
        "SLACK_TIMEOUT",
        `Slack did not answer in time ${tried}; the message may or may not have been posted.`,
        { reason: "timeout", attempts },
      );
    case "unavailable": {
      const what = outcome.status
        ? `answered ${outcome.status} ${outcome.reason}`
        : `could not be reached (${outcome.reason})`;
      return new HeronSlackError(
        "SLACK_UNAVAILABLE",
        `Slack ${what} ${tried}; the message was not posted.`,
        {
          status: outcome.status,
          reason: outcome.reason,
          attempts,
        },
      );
    }
  }
}

/**
 * Posts `message` to an Incoming Webhook: within the per-URL rate limit, retrying 429 (after Retry-After),
 * 5xx, timeouts and network errors with backoff, all within `deadlineMs`. Throws a `HeronSlackError`.
 */
export async function postToSlack(
  url: string,
  message: SlackMessage,
  settings: PostSettings,
): Promise<void> {
  const { clock } = settings;
  const deadline = clock.now() + settings.deadlineMs;
  const body = JSON.stringify(message);
  for (let attempt = 1; ; attempt++) {
    const slot = reserveSlot(url, clock.now(), deadline - clock.now());
    if (slot === undefined) {
      throw new HeronSlackError(
        "SLACK_RATE_LIMITED",
        `Too many messages for this webhook: Slack takes about one a second, and the next free slot is past \`deadlineMs\` (${settings.deadlineMs} ms); the message was not posted.`,
        { reason: "local_rate_limit", attempts: attempt - 1 },
      );
    }
    if (slot > 0) await clock.sleep(slot);
    const remaining = deadline - clock.now();
    const outcome: Outcome =
      remaining > 0
        ? await attemptPost(url, body, Math.min(settings.timeoutMs, remaining))
        : { kind: "timeout" };
    if (outcome.kind === "ok") return;
    if (outcome.kind === "rejected") {
      throw new HeronSlackError(
        "SLACK_REJECTED",
        `Slack refused the message (${outcome.status} ${outcome.reason}): ${rejectionHint(outcome.reason)} Not retried.`,
        { status: outcome.status, reason: outcome.reason, attempts: attempt },
      );
    }
    const wait =
      outcome.kind === "rate-limited" && outcome.retryAfterMs !== undefined
        ? outcome.retryAfterMs
        : backoff(attempt, settings.random);
    const now = clock.now();
    if (attempt >= settings.maxAttempts || now + wait > deadline)
      throw finalError(outcome, attempt, wait);
    // A 429 holds back every handler posting to this webhook; the next reserveSlot waits it out.
    if (outcome.kind === "rate-limited") blockUntil(url, now, now + wait);
    else await clock.sleep(wait);
  }
}
