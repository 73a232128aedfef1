import { HeronWebhookError } from "../errors.js";
import type { Clock } from "./clock.js";
import type { DeliveryStatus, InboxStore, StoredDelivery } from "./store.js";

/** A stored delivery as the inbox shows it: its state, attempts and last error, not its signature. */
export type InboxDelivery = Omit<StoredDelivery, "signature">;

export interface InboxListQuery {
  status?: DeliveryStatus;
  topic?: string;
  /** At most this many (the store may cap it). Default 50. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface InboxPage {
  /** Newest first. */
  deliveries: InboxDelivery[];
  /** Present when there may be more. */
  nextCursor?: string;
}

export interface InboxStatus {
  counts: Record<DeliveryStatus, number>;
  /** How long the oldest pending or running delivery has waited, in ms; null when none. */
  oldestPendingAgeMs: number | null;
}

/** Read and steer the inbox: `webhooks.inbox`. */
export interface Inbox {
  /** The store, for what only it offers (e.g. `close()`). */
  readonly store: InboxStore;
  list(query?: InboxListQuery): Promise<InboxPage>;
  get(id: string): Promise<InboxDelivery | undefined>;
  /** Runs a done or dead delivery again, now; false for any other. A dead one runs only its failed handlers. */
  replay(id: string): Promise<boolean>;
  /** Replays every dead delivery; resolves with how many. */
  replayDead(): Promise<number>;
  /**
   * Deletes done and dead deliveries received before `olderThan` (default: the retention ago), never
   * one inside the retention: its key is what makes a repeat of it a duplicate.
   */
  purge(options?: { olderThan?: Date | number }): Promise<number>;
  stats(): Promise<InboxStatus>;
}

function shown({ signature: _signature, ...delivery }: StoredDelivery): InboxDelivery {
  return delivery;
}

export function createInboxOperations(store: InboxStore, clock: Clock, retentionMs: number): Inbox {
  return {
    store,
    async list(query = {}) {
      const page = await store.list(query);
      const deliveries = page.deliveries.map(shown);
      return page.nextCursor === undefined
        ? { deliveries }
        : { deliveries, nextCursor: page.nextCursor };
    },
    async get(id) {
      const delivery = await store.get(id);
      return delivery && shown(delivery);
    },
    replay: (id) => store.replay(id, clock.now()),
    replayDead: () => store.replayDead(clock.now()),
    async purge(options = {}) {
      const olderThan =
        options.olderThan === undefined ? clock.now() - retentionMs : Number(options.olderThan);
      if (!Number.isFinite(olderThan)) {
        throw new HeronWebhookError(
          "INVALID_CONFIG",
          "`purge({ olderThan })` needs a Date or a time in ms.",
        );
      }
      return store.purge({ olderThan: Math.min(olderThan, clock.now() - retentionMs) });
    },
    async stats() {
      const { counts, oldestUnfinishedReceivedAt: oldest } = await store.stats();
      return {
        counts: { ...counts },
        oldestPendingAgeMs: oldest === null ? null : Math.max(0, clock.now() - oldest),
      };
    },
  };
}
