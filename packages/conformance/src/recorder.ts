import {
  createWebhooks,
  type HeronWebhookError,
  type HeronWebhookEvent,
  KNOWN_TOPICS,
  type TopicPattern,
  type WebhookSecret,
  type Webhooks,
} from "@heron-webhooks/core";
import type { InboxStore } from "@heron-webhooks/core/store";
import { MAX_BODY_BYTES, SECRET } from "./deliveries.js";

export interface HandlerCall {
  pattern: TopicPattern;
  event: HeronWebhookEvent;
}

export interface ReportedError {
  error: HeronWebhookError;
  event: HeronWebhookEvent | undefined;
}

export interface Recorder {
  webhooks: Webhooks;
  calls: HandlerCall[];
  errors: ReportedError[];
}

/** Every pattern a handler can listen on: each topic, each `resource.*`, and `"*"`. */
export const ALL_PATTERNS: readonly TopicPattern[] = [
  ...KNOWN_TOPICS,
  ...new Set(KNOWN_TOPICS.map((topic) => `${topic.split(".")[0]}.*` as TopicPattern)),
  "*",
];

export interface RecorderOptions {
  secret?: WebhookSecret;
  /** Registered after the recording handlers, on every topic. */
  failingHandler?: () => void | Promise<void>;
  /** Default: the suite's small `MAX_BODY_BYTES`. */
  maxBodyBytes?: number;
  /** Default: core's. The deadline rows set a short one. */
  bodyTimeoutMs?: number;
  /** For the inbox rows. */
  inbox?: InboxStore;
  maxEventAgeSeconds?: number;
}

/** A `createWebhooks` instance with a recording handler on every pattern and on `onError`. */
export function createRecorder(options: RecorderOptions = {}): Recorder {
  const webhooks = createWebhooks({
    secret: options.secret ?? SECRET,
    maxBodyBytes: options.maxBodyBytes ?? MAX_BODY_BYTES,
    bodyTimeoutMs: options.bodyTimeoutMs,
    inbox: options.inbox,
    maxEventAgeSeconds: options.maxEventAgeSeconds,
  });
  const calls: HandlerCall[] = [];
  const errors: ReportedError[] = [];
  for (const pattern of ALL_PATTERNS) {
    webhooks.on(pattern, (event: HeronWebhookEvent) => {
      calls.push({ pattern, event });
    });
  }
  if (options.failingHandler) webhooks.on("*", options.failingHandler);
  webhooks.onError((error, event) => {
    errors.push({ error, event });
  });
  return { webhooks, calls, errors };
}
