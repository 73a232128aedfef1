import type { RawBody } from "./bytes.js";
import {
  DEFAULT_MAX_BODY_BYTES,
  type VerifiedDelivery,
  verifyDelivery,
} from "./construct-event.js";
import { HeronWebhookError, isHeronWebhookError } from "./errors.js";
import { getHeader, type HeadersInput, SIGNATURE_HEADER } from "./headers.js";
import { runHandlers } from "./run-handlers.js";
import { requireKeys, type WebhookSecret } from "./secrets.js";
import {
  type EventFor,
  type HeronWebhookEvent,
  isKnownTopic,
  isTopicPattern,
  KNOWN_TOPICS,
  patternMatches,
  type TopicPattern,
} from "./topics.js";

/** Reads a request body, enforcing the byte limit (see `readNodeBody`, `readWebBody`). */
export type BodyReader = () => Promise<RawBody>;

export type WebhookHandler<Event> = (event: Event) => void | Promise<void>;

/** Called for every failed delivery: bad signature, bad body, or a handler that threw. */
export type ErrorHandler = (
  error: HeronWebhookError,
  event: HeronWebhookEvent | undefined,
) => void | Promise<void>;

export interface WebhooksOptions {
  /** The shared secret from Heron, or several during a rotation. */
  secret: WebhookSecret;
  /** Largest body accepted, in bytes. Default: 1 MiB. */
  maxBodyBytes?: number;
}

export interface Webhooks {
  readonly maxBodyBytes: number;
  /** Run `handler` for events on `topic`: a topic, a list, `"resource.*"` or `"*"` (every topic, also unknown ones). */
  on<Pattern extends TopicPattern>(
    topic: Pattern | readonly Pattern[],
    handler: WebhookHandler<EventFor<Pattern>>,
  ): Webhooks;
  onError(handler: ErrorHandler): Webhooks;
  /** Runs every matching handler concurrently. Rejects with HANDLER_FAILED if any of them failed. */
  receive(event: HeronWebhookEvent): Promise<void>;
  /**
   * Verifies a raw delivery, then receives it. Rejects with a `HeronWebhookError`, after passing it
   * to `onError`. `rawBody` may be a function that reads the body; what it throws is reported too.
   */
  verifyAndReceive(delivery: {
    rawBody: RawBody | BodyReader;
    headers: HeadersInput;
  }): Promise<VerifiedDelivery>;
}

interface Route {
  patterns: readonly TopicPattern[];
  handler: WebhookHandler<never>;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Without an `onError` handler, server-side failures still reach the log (message only, no stack). */
function logServerError(error: HeronWebhookError): void {
  if (error.status < 500) return;
  const details = error.errors.map((cause) => ` - ${describe(cause)}`).join("\n");
  console.error(`[heron-webhooks] ${error.code}: ${error.message}${details ? `\n${details}` : ""}`);
}

export function createWebhooks(options: WebhooksOptions): Webhooks {
  const keys = requireKeys(options?.secret);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "`maxBodyBytes` must be a positive whole number.",
    );
  }
  const routes: Route[] = [];
  const errorHandlers: ErrorHandler[] = [];
  // Which handlers a topic reaches, worked out once per topic until `.on` adds a route.
  const handlersByTopic = new Map<string, WebhookHandler<HeronWebhookEvent>[]>();

  function handlersFor(topic: string): WebhookHandler<HeronWebhookEvent>[] {
    let handlers = handlersByTopic.get(topic);
    if (!handlers) {
      handlers = routes
        .filter((route) => route.patterns.some((pattern) => patternMatches(pattern, topic)))
        .map((route) => route.handler as WebhookHandler<HeronWebhookEvent>);
      // Unknown topics are open-ended: cache only the ones this version knows.
      if (isKnownTopic(topic)) handlersByTopic.set(topic, handlers);
    }
    return handlers;
  }

  async function report(error: HeronWebhookError, event?: HeronWebhookEvent): Promise<void> {
    if (errorHandlers.length === 0) return logServerError(error);
    await Promise.all(
      errorHandlers.map(async (handler) => {
        try {
          await handler(error, event);
        } catch (failure) {
          console.error(`[heron-webhooks] an onError handler threw: ${describe(failure)}`);
        }
      }),
    );
  }

  const webhooks: Webhooks = {
    maxBodyBytes,
    on(topic, handler) {
      const patterns: readonly unknown[] = Array.isArray(topic) ? topic : [topic];
      for (const pattern of patterns) {
        if (!isTopicPattern(pattern)) {
          throw new HeronWebhookError(
            "INVALID_CONFIG",
            `Unknown topic ${JSON.stringify(pattern)}. Use one of ${KNOWN_TOPICS.join(", ")}, "<resource>.*" or "*".`,
          );
        }
      }
      if (typeof handler !== "function") {
        throw new HeronWebhookError("INVALID_CONFIG", "`.on(topic, handler)` needs a function.");
      }
      routes.push({
        patterns: patterns as TopicPattern[],
        handler: handler as WebhookHandler<never>,
      });
      handlersByTopic.clear();
      return webhooks;
    },
    onError(handler) {
      errorHandlers.push(handler);
      return webhooks;
    },
    async receive(event) {
      const handlers = handlersFor(event.topic);
      if (handlers.length === 0) return;
      const outcome = runHandlers(handlers, event);
      const errors = Array.isArray(outcome) ? outcome : await outcome;
      if (errors.length === 0) return;
      const error = new HeronWebhookError(
        "HANDLER_FAILED",
        `${errors.length} of ${handlers.length} handlers for "${event.topic}" failed.`,
        { cause: errors[0], errors },
      );
      await report(error, event);
      throw error;
    },
    async verifyAndReceive({ rawBody, headers }) {
      let delivery: VerifiedDelivery;
      try {
        const body = typeof rawBody === "function" ? await rawBody() : rawBody;
        delivery = await verifyDelivery(
          body,
          getHeader(headers, SIGNATURE_HEADER),
          keys,
          maxBodyBytes,
        );
      } catch (error) {
        const failure = isHeronWebhookError(error)
          ? error
          : new HeronWebhookError("BODY_READ_FAILED", "The request body could not be read.", {
              cause: error,
            });
        await report(failure);
        throw failure;
      }
      await webhooks.receive(delivery.event);
      return delivery;
    },
  };
  return webhooks;
}
