import type {
  AcceptResult,
  DeliveryPage,
  DeliveryStatus,
  InboxStats,
  InboxStore,
  NewDelivery,
  Settlement,
  StoredDelivery,
} from "./store.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Row = Mutable<Omit<StoredDelivery, "doneHandlers">> & { doneHandlers: string[] };

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 1000;

function snapshot(row: Row): StoredDelivery {
  // Copies, so a caller that mutates what it got cannot change the stored delivery.
  return { ...row, body: row.body.slice(), doneHandlers: [...row.doneHandlers] };
}

/** Newest first: by `receivedAt`, then `id`, both descending. */
function newerFirst(a: Row, b: Row): number {
  return b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

function encodeCursor(row: Row): string {
  return JSON.stringify([row.receivedAt, row.id]);
}

function isAfterCursor(row: Row, cursor: string | undefined): boolean {
  if (cursor === undefined) return true;
  const [receivedAt, id] = JSON.parse(cursor) as [number, string];
  return row.receivedAt < receivedAt || (row.receivedAt === receivedAt && row.id < id);
}

/**
 * An inbox in this process's memory, for tests and development. **Not durable**: a restart loses
 * every delivery it holds, including ones already answered 200. Use a durable store in production
 * (`@heron-webhooks/sqlite`, `@heron-webhooks/postgres`, `@heron-webhooks/redis`).
 */
export function memoryInbox(): InboxStore {
  const rows = new Map<string, Row>();
  const idByKey = new Map<string, string>();
  const waiters = new Set<() => void>();

  function wake(): void {
    for (const resolve of waiters) resolve();
    waiters.clear();
  }

  /** The running row `workerId` holds, if it still holds it. */
  function held(id: string, workerId: string): Row | undefined {
    const row = rows.get(id);
    return row?.status === "running" && row.leaseOwner === workerId ? row : undefined;
  }

  function makePending(row: Row, now: number): void {
    row.status = "pending";
    row.runAt = now;
    row.attempt = 0;
    row.leaseOwner = null;
    row.leaseUntil = null;
    row.updatedAt = now;
  }

  return {
    async accept(delivery: NewDelivery, { retainSince }): Promise<AcceptResult> {
      const existingId = idByKey.get(delivery.key);
      const existing = existingId === undefined ? undefined : rows.get(existingId);
      if (existing && existing.receivedAt >= retainSince) {
        return { id: existing.id, duplicate: true };
      }
      if (existing) rows.delete(existing.id);
      rows.set(delivery.id, {
        id: delivery.id,
        key: delivery.key,
        topic: delivery.topic,
        body: delivery.body.slice(),
        signature: delivery.signature,
        receivedAt: delivery.receivedAt,
        status: "pending",
        attempt: 0,
        runAt: delivery.receivedAt,
        leaseOwner: null,
        leaseUntil: null,
        doneHandlers: [],
        lastError: null,
        updatedAt: delivery.receivedAt,
      });
      idByKey.set(delivery.key, delivery.id);
      wake();
      return { id: delivery.id, duplicate: false };
    },

    async claim({ workerId, limit, now, leaseMs }) {
      const due = [...rows.values()]
        .filter((row) =>
          row.status === "pending"
            ? row.runAt <= now
            : row.status === "running" && (row.leaseUntil ?? 0) <= now,
        )
        .sort((a, b) => a.runAt - b.runAt || a.receivedAt - b.receivedAt)
        .slice(0, Math.max(0, limit));
      for (const row of due) {
        row.status = "running";
        row.leaseOwner = workerId;
        row.leaseUntil = now + leaseMs;
        row.attempt += 1;
        row.updatedAt = now;
      }
      return due.map(snapshot);
    },

    async extendLease(id, workerId, leaseUntil) {
      const row = held(id, workerId);
      if (!row) return false;
      row.leaseUntil = leaseUntil;
      return true;
    },

    async recordHandlerDone(id, workerId, handler, now) {
      const row = held(id, workerId);
      if (!row) return false;
      if (!row.doneHandlers.includes(handler)) row.doneHandlers.push(handler);
      row.updatedAt = now;
      return true;
    },

    async settle(id, workerId, settlement: Settlement) {
      const row = held(id, workerId);
      if (!row) return false;
      row.status = settlement.status;
      row.leaseOwner = null;
      row.leaseUntil = null;
      row.updatedAt = settlement.now;
      if (settlement.status === "pending") row.runAt = settlement.runAt;
      if (settlement.status !== "done") row.lastError = settlement.error;
      return true;
    },

    async get(id) {
      const row = rows.get(id);
      return row && snapshot(row);
    },

    async list(query = {}): Promise<DeliveryPage> {
      const limit = Math.min(Math.max(1, query.limit ?? DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT);
      const matching = [...rows.values()]
        .filter(
          (row) =>
            (query.status === undefined || row.status === query.status) &&
            (query.topic === undefined || row.topic === query.topic) &&
            isAfterCursor(row, query.cursor),
        )
        .sort(newerFirst);
      const page = matching.slice(0, limit);
      const last = page.at(-1);
      return matching.length > limit && last
        ? { deliveries: page.map(snapshot), nextCursor: encodeCursor(last) }
        : { deliveries: page.map(snapshot) };
    },

    async replay(id, now) {
      const row = rows.get(id);
      if (row?.status !== "done" && row?.status !== "dead") return false;
      if (row.status === "done") row.doneHandlers = [];
      makePending(row, now);
      wake();
      return true;
    },

    async replayDead(now) {
      let count = 0;
      for (const row of rows.values()) {
        if (row.status !== "dead") continue;
        makePending(row, now);
        count += 1;
      }
      if (count > 0) wake();
      return count;
    },

    async purge({ olderThan }) {
      let count = 0;
      for (const row of [...rows.values()]) {
        if ((row.status === "done" || row.status === "dead") && row.receivedAt < olderThan) {
          rows.delete(row.id);
          if (idByKey.get(row.key) === row.id) idByKey.delete(row.key);
          count += 1;
        }
      }
      return count;
    },

    async stats(): Promise<InboxStats> {
      const counts: Record<DeliveryStatus, number> = { pending: 0, running: 0, done: 0, dead: 0 };
      let oldest: number | null = null;
      for (const row of rows.values()) {
        counts[row.status] += 1;
        if (row.status === "pending" || row.status === "running") {
          oldest = oldest === null ? row.receivedAt : Math.min(oldest, row.receivedAt);
        }
      }
      return { counts, oldestUnfinishedReceivedAt: oldest };
    },

    waitForWork(timeoutMs, signal) {
      return new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener("abort", done, { once: true });
        waiters.add(done);
      });
    },

    async close() {
      wake();
    },
  };
}
