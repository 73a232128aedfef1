// What Slack's Incoming Webhooks answer (api.slack.com/messaging/webhooks, /docs/rate-limits): 200 `ok`;
// 4xx with a short error string in the body for what will not work however often it is sent; 429 with
// Retry-After; 5xx (`rollup_error`) for trouble on Slack's side.

/** Slack's error strings: short snake_case words. Anything else is not quoted in an error. */
const REASON = /^[a-z0-9_]{1,64}$/;

export function slackReason(status: number, body: string): string {
  const trimmed = body.trim();
  if (REASON.test(trimmed)) return trimmed;
  try {
    const error = (JSON.parse(trimmed) as { error?: unknown }).error;
    if (typeof error === "string" && REASON.test(error)) return error;
  } catch {
    // Not JSON: fall through to the status.
  }
  return `http_${status}`;
}

const HINTS: Record<string, string> = {
  invalid_payload:
    "Slack could not read the message; if you pass `render`, check the blocks it returns.",
  invalid_blocks: "Slack refused the blocks; if you pass `render`, check the blocks it returns.",
  invalid_token: "the webhook was revoked: create a new Incoming Webhook and update its URL.",
  no_service:
    "the webhook is disabled, removed or invalid: create a new Incoming Webhook and update its URL.",
  no_team: "the webhook's workspace no longer exists or the URL is wrong: check the webhook URL.",
  team_disabled: "the webhook's workspace is disabled.",
  action_prohibited: "a workspace admin restricts what this webhook may post.",
  channel_not_found:
    "the webhook's channel no longer exists: create a webhook for another channel.",
  channel_is_archived:
    "the webhook's channel is archived: unarchive it or create a webhook for another channel.",
  posting_to_general_channel_denied: "only admins may post to this channel.",
};

export function rejectionHint(reason: string): string {
  return HINTS[reason] ?? "Slack will refuse this message every time it is sent.";
}

/** Retry-After in milliseconds: whole seconds (Slack's form) or an HTTP date. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header.trim());
  if (header.trim() !== "" && Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
