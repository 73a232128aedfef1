import { HeronWebhookError } from "../errors.js";
import type { Clock } from "./clock.js";
import type { DeliveryKeyFunction } from "./key.js";
import type { RetryOptions } from "./retry.js";
import type { InboxStore } from "./store.js";

/** The options of `createWebhooks` that turn on and tune the inbox. */
export interface InboxOptions {
  /**
   * Where verified deliveries are stored before the 200, for a worker (`startWorker`) to run.
   * Without one, handlers run inside the request, as before.
   */
  inbox?: InboxStore;
  /** What makes two deliveries one. Default: the SHA-256 of the raw body. */
  deliveryKey?: DeliveryKeyFunction;
  /** The schedule a failing delivery is retried on before it is dead. */
  retry?: RetryOptions;
  /** How long a delivery's key makes later ones duplicates. Default 7 days. */
  retentionDays?: number;
  /** The same as `retentionDays`, in milliseconds; give one or the other. */
  retentionMs?: number;
  /**
   * Refuse (400 EVENT_OUTSIDE_WINDOW) an event whose signed `created` is older than this, or more
   * than 5 minutes in the future. Off by default; works with or without an inbox.
   */
  maxEventAgeSeconds?: number;
  /** For tests: the clock the inbox, its worker and the replay window read. */
  clock?: Clock;
}

export const DEFAULT_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export function retentionOf(options: InboxOptions): number {
  const { retentionDays, retentionMs } = options;
  if (retentionDays !== undefined && retentionMs !== undefined) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "Give `retentionDays` or `retentionMs`, not both.",
    );
  }
  const ms =
    retentionMs ??
    (retentionDays === undefined ? DEFAULT_RETENTION_MS : retentionDays * 86_400_000);
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "The inbox retention must be a positive duration.",
    );
  }
  return ms;
}
