import type { RawBody } from "./bytes.js";
import { toBytes } from "./bytes.js";
import {
  DEFAULT_MAX_BODY_BYTES,
  type VerifiedDelivery,
  verifyDelivery,
} from "./construct-event.js";
import { bodyReadFailed, HeronWebhookError, invalidConfig, isHeronWebhookError } from "./errors.js";
import { getHeader, type HeadersInput, SIGNATURE_HEADER } from "./headers.js";
import { type BodyLimits, DEFAULT_BODY_TIMEOUT_MS } from "./http/read-body.js";
import {
  createInboxRuntime,
  createSlowHandlerWarning,
  type DeliveryContext,
  type DeliveryFailure,
  type Inbox,
  type InboxOptions,
  NO_INBOX_CONTEXT,
  nameRoute,
  type Worker,
  type WorkerOptions,
} from "./inbox/index.js";
import type { InboxRoute } from "./inbox/run-delivery.js";
import type { InboxStore } from "./inbox/store.js";
import { runHandlers } from "./run-handlers.js";
import { requireReceiverKeys, type WebhookSecret } from "./secrets.js";
import { createSignatureFailureWarning } from "./signature-warning.js";
import {
  type EventFor,
  type HeronWebhookEvent,
  isKnownTopic,
  isTopicPattern,
  KNOWN_TOPICS,
  patternMatches,
  type TopicPattern,
} from "./topics.js";

/** Reads a request body within the limits core passes it (see `readNodeBody`, `readWebBody`). */
export type BodyReader = (limits: BodyLimits) => Promise<RawBody>;

/** Runs for each matching event. What it returns (or resolves to) is ignored; a throw or rejection fails the delivery. */
export type WebhookHandler<Event> = (
  event: Event,
  /** With an inbox: the stored delivery (`id`, `key`, `attempt`, `receivedAt`). Without one, only `attempt` (1). */
  delivery: DeliveryContext,
) => unknown;

/** Called for every failed delivery: bad signature, bad body, or a handler that threw. Its return value is ignored. */
export type ErrorHandler = (
  error: HeronWebhookError,
  event: HeronWebhookEvent | undefined,
  /** For a delivery run from the inbox: which one, its attempt, and whether it will run again. */
  failure?: DeliveryFailure,
) => unknown;

export interface WebhooksOptions extends InboxOptions {
  /** The shared secret from Heron, or several during a rotation. */
  secret: WebhookSecret;
  /** Largest body accepted, in bytes. Default: 1 MiB. */
  maxBodyBytes?: number;
  /** Time the whole body has to arrive in, once the headers have; later is a 408. Default: 10 000 ms. */
  bodyTimeoutMs?: number;
  /** Handlers by topic pattern, as `.on(pattern, handler)` would register them. */
  on?: HandlersByTopic;
  /** As `.onError(handler)`. */
  onError?: ErrorHandler;
}

/** Handlers by topic pattern, as `.on(pattern, handler)` would register them. */
export type HandlersByTopic = { [Pattern in TopicPattern]?: WebhookHandler<EventFor<Pattern>> };

export interface Webhooks {
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  /** Run `handler` for events on `topic`: a topic, a list, `"resource.*"` or `"*"` (every topic, also unknown ones). */
  on<Pattern extends TopicPattern>(
    topic: Pattern | readonly Pattern[],
    handler: WebhookHandler<EventFor<Pattern>>,
    options?: OnOptions,
  ): this;
  onError(handler: ErrorHandler): this;
  /** With an inbox: read and steer it (list, get, replay, replayDead, purge, stats). */
  readonly inbox: Inbox | undefined;
  /** With an inbox: claims stored deliveries and runs their handlers until `stop()`. */
  startWorker(options?: WorkerOptions): Worker;
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

export interface OnOptions {
  /**
   * The handler's name in the inbox's record of which handlers succeeded. Default: its patterns and
   * its place among handlers of the same patterns (`end_user.processed#1`).
   */
  name?: string;
}

interface Route {
  name: string;
  patterns: readonly TopicPattern[];
  handler: WebhookHandler<never>;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Without an `onError` handler, server-side failures still reach the log (message only, no stack). */
function logServerError(error: HeronWebhookError): void {
  const details = error.errors.map((cause) => ` - ${describe(cause)}`).join("\n");
  console.error(`[heron-webhooks] ${error.code}: ${error.message}${details ? `\n${details}` : ""}`);
}

/** With an inbox, `webhooks.inbox` is there to read and steer it. */
export type WebhooksWithInbox = Webhooks & { readonly inbox: Inbox };

export function createWebhooks(options: WebhooksOptions & { inbox: InboxStore }): WebhooksWithInbox;
export function createWebhooks(options: WebhooksOptions): Webhooks;
export function createWebhooks(options: WebhooksOptions): Webhooks {
  const keys = requireReceiverKeys(options?.secret);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes <= 0) {
    throw invalidConfig("`maxBodyBytes` must be a positive whole number.");
  }
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  if (!Number.isSafeInteger(bodyTimeoutMs) || bodyTimeoutMs <= 0) {
    throw invalidConfig("`bodyTimeoutMs` must be a positive whole number of milliseconds.");
  }
  // The limits every body reader gets, made once.
  const limits: BodyLimits = { maxBodyBytes, bodyTimeoutMs };
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

  const signatureFailures = createSignatureFailureWarning();

  async function report(
    error: HeronWebhookError,
    event?: HeronWebhookEvent,
    failure?: DeliveryFailure,
  ): Promise<void> {
    if (errorHandlers.length === 0) {
      if (error.status >= 500) logServerError(error);
      else if (error.status === 401) signatureFailures.record();
      return;
    }
    await Promise.all(
      errorHandlers.map(async (handler) => {
        try {
          await handler(error, event, failure);
        } catch (failure) {
          console.error(`[heron-webhooks] an onError handler threw: ${describe(failure)}`);
        }
      }),
    );
  }

  const inbox = createInboxRuntime(options, {
    verify: async (body, signature) => verifyDelivery(body, signature, keys, maxBodyBytes),
    routesFor: (topic) =>
      routes.filter((route) =>
        route.patterns.some((pattern) => patternMatches(pattern, topic)),
      ) as unknown as readonly InboxRoute[],
    report,
    secrets: typeof options.secret === "string" ? [options.secret] : [...options.secret],
  });
  const slowHandlers = createSlowHandlerWarning(options.clock);

  async function handlersFailed(event: HeronWebhookEvent, handlerCount: number, errors: unknown[]) {
    const error = new HeronWebhookError(
      "HANDLER_FAILED",
      `${errors.length} of ${handlerCount} handlers for "${event.topic}" failed.`,
      { cause: errors[0], errors },
    );
    await report(error, event);
    throw error;
  }

  /** Runs the handlers for an event; a promise only when one of them is asynchronous or fails. */
  function dispatch(event: HeronWebhookEvent): Promise<void> | undefined {
    const handlers = handlersFor(event.topic);
    if (handlers.length === 0) return undefined;
    const startedAt = slowHandlers.started();
    const outcome = runHandlers(handlers, event, NO_INBOX_CONTEXT);
    if (Array.isArray(outcome)) {
      return outcome.length === 0 ? undefined : handlersFailed(event, handlers.length, outcome);
    }
    return outcome.then((errors) => {
      // Checked only when a handler is asynchronous: those are the ones that run long.
      slowHandlers.finished(startedAt, event.topic);
      if (errors.length > 0) return handlersFailed(event, handlers.length, errors);
    });
  }

  const webhooks: Webhooks = {
    maxBodyBytes,
    inbox: inbox.inbox,
    startWorker: (workerOptions) => inbox.startWorker(workerOptions),
    bodyTimeoutMs,
    on(topic, handler, onOptions) {
      const patterns: readonly unknown[] = Array.isArray(topic) ? topic : [topic];
      for (const pattern of patterns) {
        if (!isTopicPattern(pattern)) {
          throw invalidConfig(
            `Unknown topic ${JSON.stringify(pattern)}. Use one of ${KNOWN_TOPICS.join(", ")}, "<resource>.*" or "*".`,
          );
        }
      }
      if (typeof handler !== "function") {
        throw invalidConfig("`.on(topic, handler)` needs a function.");
      }
      routes.push({
        name: nameRoute(routes, patterns as TopicPattern[], onOptions?.name),
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
      await dispatch(event);
    },
    async verifyAndReceive({ rawBody, headers }) {
      let delivery: VerifiedDelivery;
      try {
        const body = typeof rawBody === "function" ? await rawBody(limits) : rawBody;
        const signature = getHeader(headers, SIGNATURE_HEADER);
        const verifying = verifyDelivery(body, signature, keys, maxBodyBytes);
        delivery = verifying instanceof Promise ? await verifying : verifying;
        inbox.checkWindow(delivery.event);
        if (inbox.acceptor) {
          // Stored (or found stored) before the 200; a worker runs the handlers.
          await inbox.acceptor.accept({
            event: delivery.event,
            body: toBytes(body),
            signature: signature ?? "",
          });
          return delivery;
        }
      } catch (error) {
        const failure = isHeronWebhookError(error) ? error : bodyReadFailed(error);
        await report(failure);
        throw failure;
      }
      const dispatched = dispatch(delivery.event);
      if (dispatched) await dispatched;
      return delivery;
    },
  };
  for (const [pattern, handler] of Object.entries(options.on ?? {})) {
    webhooks.on(pattern as TopicPattern, handler as WebhookHandler<HeronWebhookEvent>);
  }
  if (options.onError) webhooks.onError(options.onError);
  return webhooks;
}
