// The seam between core's inbox and a storage engine. Core decides every step of a delivery's life
// (keys, the retry schedule, leases, which handlers still have to run); a store only records those
// decisions atomically and durably. Every store passes `describeStoreConformance` from
// @heron-webhooks/conformance. Times are milliseconds since the epoch and always come from core's
// clock, never the store's, so one fake clock drives every store in the suite.
// A worker holds a delivery while it is running under the worker's id: until it settles it, or
// another worker's claim takes it over (a lease that ended but was not yet claimed is still held).

/** Where a delivery is in its life. */
export type DeliveryStatus = "pending" | "running" | "done" | "dead";

/** A verified delivery as core hands it to a store, before its first run. */
export interface NewDelivery {
  /** Made by core, unique across stores and processes. */
  readonly id: string;
  /** What makes two deliveries one: by default the SHA-256 (hex) of the raw body. */
  readonly key: string;
  readonly topic: string;
  /** The raw body exactly as received. */
  readonly body: Uint8Array;
  /** The `Heron-Signature` header as received, so a worker can verify the body again. */
  readonly signature: string;
  readonly receivedAt: number;
}

/** A delivery as the store holds it. */
export interface StoredDelivery extends NewDelivery {
  readonly status: DeliveryStatus;
  /** How many times a worker has claimed it since it was accepted or replayed; 1 during the first run. */
  readonly attempt: number;
  /** When a pending delivery is due. */
  readonly runAt: number;
  /** The worker holding a running delivery, and until when. */
  readonly leaseOwner: string | null;
  readonly leaseUntil: number | null;
  /** Handlers (by name) that have succeeded; a retry runs only the others. */
  readonly doneHandlers: readonly string[];
  /** The message of the last failure: never a stack, a secret or a signature. */
  readonly lastError: string | null;
  readonly updatedAt: number;
}

export interface AcceptResult {
  /** The id of the stored delivery: the new one, or the one already stored under the key. */
  readonly id: string;
  readonly duplicate: boolean;
}

export interface ClaimOptions {
  readonly workerId: string;
  readonly limit: number;
  readonly now: number;
  /** The lease the claim takes: `leaseUntil = now + leaseMs`. */
  readonly leaseMs: number;
}

/** How an attempt ends. Only the lease holder can settle it. */
export type Settlement =
  | { readonly status: "done"; readonly now: number }
  | {
      readonly status: "pending";
      readonly now: number;
      readonly runAt: number;
      readonly error: string;
    }
  | { readonly status: "dead"; readonly now: number; readonly error: string };

export interface ListQuery {
  readonly status?: DeliveryStatus;
  readonly topic?: string;
  /** At most this many; the store may cap it. Default 50. */
  readonly limit?: number;
  /** `nextCursor` of the previous page. */
  readonly cursor?: string;
}

export interface DeliveryPage {
  /** Newest first (by `receivedAt`, then `id`). */
  readonly deliveries: readonly StoredDelivery[];
  /** Present when there may be more. */
  readonly nextCursor?: string;
}

export interface InboxStats {
  readonly counts: Readonly<Record<DeliveryStatus, number>>;
  /** `receivedAt` of the oldest pending or running delivery, if any. */
  readonly oldestUnfinishedReceivedAt: number | null;
}

/** Extra fields a store may give the handler's `delivery` context, e.g. `db` for its transaction. */
export type HandlerContextExtras = Readonly<Record<string, unknown>>;

export interface InboxStore {
  /**
   * Stores `delivery` unless one with the same key was received at or after `retainSince` (then it
   * is a duplicate and nothing changes); an older one under the key is replaced. Resolves only once
   * the write is durable; rejects when it cannot be made (core answers 503).
   */
  accept(delivery: NewDelivery, options: { readonly retainSince: number }): Promise<AcceptResult>;
  /**
   * Atomically takes up to `limit` due deliveries, oldest `runAt` first: pending ones with
   * `runAt <= now`, and running ones whose lease ended (`leaseUntil <= now`). Each becomes running
   * under `workerId` until `now + leaseMs`, with `attempt` one higher. Concurrent claims never
   * return the same delivery.
   */
  claim(options: ClaimOptions): Promise<StoredDelivery[]>;
  /** Moves the lease to `leaseUntil` if `workerId` still holds it; false when it was lost. */
  extendLease(id: string, workerId: string, leaseUntil: number): Promise<boolean>;
  /** Records that `handler` succeeded, if `workerId` still holds the lease; false when it was lost. */
  recordHandlerDone(id: string, workerId: string, handler: string, now: number): Promise<boolean>;
  /**
   * Optional: runs `run` and records `handler` as done in one atomic unit (e.g. one SQL transaction),
   * so what the handler wrote through `extras` commits or rolls back with its success. Resolves false
   * (and rolls back) when `workerId` no longer holds the lease; rejects with what `run` threw.
   */
  runHandlerAtomically?(
    id: string,
    workerId: string,
    handler: string,
    now: number,
    run: (extras: HandlerContextExtras) => Promise<unknown>,
  ): Promise<boolean>;
  /**
   * Ends the attempt if `workerId` still holds the lease, clearing it; false when it was lost.
   * `lastError` becomes the settlement's `error` (pending, dead); done leaves it as it was.
   */
  settle(id: string, workerId: string, settlement: Settlement): Promise<boolean>;

  get(id: string): Promise<StoredDelivery | undefined>;
  list(query?: ListQuery): Promise<DeliveryPage>;
  /**
   * Makes a done or dead delivery pending and due at `now`, with `attempt` back to 0 (the retry
   * schedule starts again); false for any other (or no) delivery. A dead one keeps its handler
   * record (only the handlers that failed run again); a done one is cleared, so every handler runs
   * again.
   */
  replay(id: string, now: number): Promise<boolean>;
  /** Replays every dead delivery; resolves with how many. */
  replayDead(now: number): Promise<number>;
  /** Deletes done and dead deliveries received before `olderThan`; resolves with how many. */
  purge(options: { readonly olderThan: number }): Promise<number>;
  stats(): Promise<InboxStats>;

  /**
   * Optional: resolves when new work may have arrived (e.g. Postgres LISTEN/NOTIFY), or after
   * `timeoutMs`, or when `signal` aborts. Without it, workers poll.
   */
  waitForWork?(timeoutMs: number, signal: AbortSignal): Promise<void>;
  /** Optional: releases what the store opened itself (never a pool or client the app passed in). */
  close?(): Promise<void>;
}
