import {
  type HeronWebhookEvent,
  isKnownTopic,
  KNOWN_TOPICS,
  type TopicPattern,
} from "@heron-webhooks/core";
import { realClock, type SlackClock } from "./clock.js";
import { HeronSlackError } from "./errors.js";
import type { SlackRenderers } from "./message.js";
import { postToSlack } from "./post.js";
import { toSlackMessage } from "./render.js";

export interface ForwardToSlackOptions {
  /** The Incoming Webhook URL (`https://hooks.slack.com/services/…`). A secret: it never appears in an error. */
  webhookUrl: string;
  /** Post only events on these topics (default: every event the handler gets). */
  topics?: TopicPattern | readonly TopicPattern[];
  /** Replaces the built-in rendering of chosen topics (see `toSlackMessage`). */
  render?: SlackRenderers;
  /** How long one post may take. Default: 3000 ms. */
  timeoutMs?: number;
  /**
   * How long forwarding one event may take, waits and retries included. Default: 8000 ms, inside Heron's
   * 10 s, so a failure still answers Heron in time. Raise it when an inbox runs the handlers.
   */
  deadlineMs?: number;
  /** Posts tried before giving up. Default: 4. */
  maxAttempts?: number;
  /** Time source for the waits; for tests. */
  clock?: SlackClock;
  /** Random source for the backoff jitter, in [0, 1); for tests. */
  random?: () => number;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

function invalid(message: string): HeronSlackError {
  return new HeronSlackError("INVALID_CONFIG", message);
}

// Checked once, so a bad URL fails at startup; the messages never quote it.
function checkWebhookUrl(value: unknown): string {
  if (typeof value !== "string" || value === "") {
    throw invalid(
      "`webhookUrl` is required: the Incoming Webhook URL from your Slack app's settings.",
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid(
      "`webhookUrl` is not a URL: copy the whole Incoming Webhook URL from your Slack app's settings.",
    );
  }
  if (
    url.protocol !== "https:" &&
    !(url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname))
  ) {
    throw invalid(
      "`webhookUrl` must be an https URL (plain http only to this machine, for tests): it carries the webhook's secret.",
    );
  }
  return value;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value <= 0)
    throw invalid(`\`${name}\` must be a positive whole number.`);
  return value;
}

function topicMatcher(topics: ForwardToSlackOptions["topics"]): (topic: string) => boolean {
  if (topics === undefined) return () => true;
  const patterns: readonly unknown[] = Array.isArray(topics) ? topics : [topics];
  for (const pattern of patterns) {
    const known =
      typeof pattern === "string" &&
      (pattern === "*" ||
        isKnownTopic(pattern) ||
        (pattern.endsWith(".*") &&
          KNOWN_TOPICS.some((topic) => topic.startsWith(pattern.slice(0, -1)))));
    if (!known) {
      throw invalid(
        `Unknown topic ${JSON.stringify(pattern)} in \`topics\`. Use one of ${KNOWN_TOPICS.join(", ")}, "<resource>.*" or "*".`,
      );
    }
  }
  const list = patterns as readonly TopicPattern[];
  return (topic) =>
    list.some((pattern) =>
      pattern === "*"
        ? true
        : pattern.endsWith(".*")
          ? isKnownTopic(topic) && topic.startsWith(pattern.slice(0, -1))
          : pattern === topic,
    );
}

/**
 * A handler for `webhooks.on(...)` (or an adapter's `on`) that posts each event to a Slack Incoming Webhook
 * as `toSlackMessage` renders it. It keeps to Slack's rate limit, retries what Slack or the network may
 * get right next time, and throws a `HeronSlackError` when the message could not be posted, so the
 * delivery fails and is tried again (by the inbox, or by Heron after a 500).
 */
export function forwardToSlack(
  options: ForwardToSlackOptions,
): (event: HeronWebhookEvent) => Promise<void> {
  const url = checkWebhookUrl(options?.webhookUrl);
  const matches = topicMatcher(options.topics);
  const settings = {
    timeoutMs: positive("timeoutMs", options.timeoutMs, 3000),
    deadlineMs: positive("deadlineMs", options.deadlineMs, 8000),
    maxAttempts: positive("maxAttempts", options.maxAttempts, 4),
    clock: options.clock ?? realClock,
    random: options.random ?? Math.random,
  };
  const render = options.render;
  return async (event) => {
    if (!matches(event.topic)) return;
    await postToSlack(url, toSlackMessage(event, { render }), settings);
  };
}
