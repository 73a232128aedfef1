import type { VerifiedDelivery } from "../construct-event.js";
import { HeronWebhookError } from "../errors.js";
import type { HeronWebhookEvent } from "../topics.js";
import { type Acceptor, createAcceptor } from "./accept.js";
import { type Clock, systemClock } from "./clock.js";
import type { DeliveryFailure } from "./failure.js";
import { bodyDigestKey } from "./key.js";
import { createInboxOperations, type Inbox } from "./operations.js";
import { type InboxOptions, retentionOf } from "./options.js";
import { createRetrySchedule } from "./retry.js";
import type { InboxRoute } from "./run-delivery.js";
import { checkEventWindow, checkMaxEventAge } from "./window.js";
import { startWorker, type Worker, type WorkerOptions } from "./worker.js";

/** What the inbox needs from the `createWebhooks` instance it belongs to. */
export interface InboxHost {
  /** Verifies a stored body again and parses it. */
  verify(body: Uint8Array, signature: string): Promise<VerifiedDelivery>;
  routesFor(topic: string): readonly InboxRoute[];
  report(
    error: HeronWebhookError,
    event: HeronWebhookEvent | undefined,
    failure?: DeliveryFailure,
  ): Promise<void>;
  /** The configured secrets, blanked out of stored error messages. */
  readonly secrets: readonly string[];
}

/** The inbox side of a webhooks instance: the replay window, accepting, operations and workers. */
export interface InboxRuntime {
  /** Throws EVENT_OUTSIDE_WINDOW for an event outside `maxEventAgeSeconds` (when set). */
  checkWindow(event: HeronWebhookEvent): void;
  /** Present with an inbox. */
  readonly acceptor: Acceptor | undefined;
  readonly inbox: Inbox | undefined;
  startWorker(options?: WorkerOptions): Worker;
}

function isStore(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  const store = value as Record<string, unknown>;
  return ["accept", "claim", "extendLease", "recordHandlerDone", "settle"].every(
    (method) => typeof store[method] === "function",
  );
}

export function createInboxRuntime(options: InboxOptions, host: InboxHost): InboxRuntime {
  const clock: Clock = options.clock ?? systemClock;
  const maxAgeMs = checkMaxEventAge(options.maxEventAgeSeconds);
  const checkWindow =
    maxAgeMs === undefined
      ? () => {}
      : (event: HeronWebhookEvent) => checkEventWindow(event, maxAgeMs, clock.now());
  const store = options.inbox;
  if (store === undefined) {
    return {
      checkWindow,
      acceptor: undefined,
      inbox: undefined,
      startWorker() {
        throw new HeronWebhookError(
          "INVALID_CONFIG",
          "`startWorker` needs an inbox: pass `inbox` (e.g. sqliteInbox({ path })) to createWebhooks.",
        );
      },
    };
  }
  if (!isStore(store)) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "`inbox` must be an inbox store, e.g. sqliteInbox({ path }) or memoryInbox().",
    );
  }
  if (options.deliveryKey !== undefined && typeof options.deliveryKey !== "function") {
    throw new HeronWebhookError("INVALID_CONFIG", "`deliveryKey` must be a function.");
  }
  const retentionMs = retentionOf(options);
  if (maxAgeMs !== undefined && maxAgeMs > retentionMs) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "`maxEventAgeSeconds` is longer than the inbox retention: a delivery replayed after its key is forgotten, but still inside the window, would run again. Make the window shorter or the retention longer.",
    );
  }
  const schedule = createRetrySchedule(options.retry);
  return {
    checkWindow,
    acceptor: createAcceptor(store, options.deliveryKey ?? bodyDigestKey, retentionMs, clock),
    inbox: createInboxOperations(store, clock, retentionMs),
    startWorker: (workerOptions) =>
      startWorker(
        {
          store,
          clock,
          schedule,
          verify: async (body, signature) => (await host.verify(body, signature)).event,
          routesFor: host.routesFor,
          report: host.report,
          secrets: host.secrets,
        },
        workerOptions,
      ),
  };
}
