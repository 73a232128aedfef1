import { HeronWebhookError } from "@heron-webhooks/core";
import type {
  AcceptResult,
  ClaimOptions,
  DeliveryPage,
  DeliveryStatus,
  InboxStats,
  InboxStore,
  ListQuery,
  NewDelivery,
  Settlement,
  StoredDelivery,
} from "@heron-webhooks/core/store";
import { resolveOptions, type SqliteInboxOptions } from "./options.js";
import { decodeCursor, encodeCursor, toDelivery } from "./rows.js";
import { openDatabase } from "./schema.js";
import { createGroupCommit, immediate } from "./transaction.js";
import { createWaiters } from "./waiters.js";

/** An inbox store on one SQLite file. */
export interface SqliteInbox extends InboxStore {
  /** Closes the database; the store cannot be used after. */
  close(): Promise<void>;
}

const DEFAULT_PAGE = 50;
const MAX_PAGE = 1000;
const STATUSES: readonly DeliveryStatus[] = ["pending", "running", "done", "dead"];

// The statements, each prepared once. Every write that depends on what it reads runs inside
// `immediate`; a write whose WHERE is its only condition is one statement, atomic by itself, and
// still runs in `immediate` so that it waits for another process's lock instead of failing.
const SQL = {
  findKey: "SELECT id, received_at FROM heron_inbox WHERE key = ?",
  deleteKey: "DELETE FROM heron_inbox WHERE key = ?",
  insert: `INSERT INTO heron_inbox (id, key, topic, body, signature, received_at, status, attempt,
    run_at, lease_owner, lease_until, done_handlers, last_error, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, '[]', NULL, ?)`,
  // Each branch walks heron_inbox_due in claim order and stops at the limit, so a claim costs the
  // same with a backlog of a million as of ten (one OR would sort every due row first).
  claim: `UPDATE heron_inbox
    SET status = 'running', attempt = attempt + 1, lease_owner = ?1, lease_until = ?2, updated_at = ?3
    WHERE id IN (
      SELECT id FROM (
        SELECT * FROM (SELECT id, run_at, received_at FROM heron_inbox
          WHERE status = 'pending' AND run_at <= ?3 ORDER BY run_at, received_at, id LIMIT ?4)
        UNION ALL
        SELECT * FROM (SELECT id, run_at, received_at FROM heron_inbox
          WHERE status = 'running' AND lease_until <= ?3 ORDER BY run_at, received_at, id LIMIT ?4))
      ORDER BY run_at, received_at, id LIMIT ?4)
    RETURNING *`,
  extendLease: `UPDATE heron_inbox SET lease_until = ?
    WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  handlerDone: `UPDATE heron_inbox
    SET done_handlers = CASE
        WHEN EXISTS (SELECT 1 FROM json_each(done_handlers) WHERE value = ?1) THEN done_handlers
        ELSE json_insert(done_handlers, '$[#]', ?1) END,
      updated_at = ?2
    WHERE id = ?3 AND status = 'running' AND lease_owner = ?4`,
  settle: `UPDATE heron_inbox
    SET status = ?, run_at = coalesce(?, run_at), last_error = coalesce(?, last_error),
      lease_owner = NULL, lease_until = NULL, updated_at = ?
    WHERE id = ? AND status = 'running' AND lease_owner = ?`,
  get: "SELECT * FROM heron_inbox WHERE id = ?",
  list: `SELECT * FROM heron_inbox
    WHERE (?1 IS NULL OR status = ?1) AND (?2 IS NULL OR topic = ?2)
      AND (?3 IS NULL OR received_at < ?3 OR (received_at = ?3 AND id < ?4))
    ORDER BY received_at DESC, id DESC LIMIT ?5`,
  // A replayed delivery starts its retry schedule again (attempt 0). A done one runs every handler
  // again; a dead one only those that have not succeeded.
  replay: `UPDATE heron_inbox
    SET status = 'pending', run_at = ?1, updated_at = ?1, attempt = 0,
      done_handlers = CASE status WHEN 'done' THEN '[]' ELSE done_handlers END
    WHERE id = ?2 AND status IN ('done', 'dead')`,
  replayDead: `UPDATE heron_inbox SET status = 'pending', run_at = ?1, updated_at = ?1, attempt = 0
    WHERE status = 'dead'`,
  purge: "DELETE FROM heron_inbox WHERE status IN ('done', 'dead') AND received_at < ?",
  counts: "SELECT status, count(*) AS n FROM heron_inbox GROUP BY status",
  oldest: `SELECT min(received_at) AS at FROM heron_inbox WHERE status IN ('pending', 'running')`,
} as const;

/**
 * The inbox store on the runtime's own SQLite (`node:sqlite`: Node 22.13+, Deno, Bun). Pass it as
 * `createWebhooks({ secret, inbox: sqliteInbox({ path }) })`. Throws at once where the runtime has no
 * `node:sqlite` (Node 20), saying what to do.
 */
export function sqliteInbox(options: SqliteInboxOptions): SqliteInbox {
  const db = openDatabase(resolveOptions(options));
  const statements = Object.fromEntries(
    Object.entries(SQL).map(([name, sql]) => [name, db.prepare(sql)]),
  ) as { [name in keyof typeof SQL]: ReturnType<typeof db.prepare> };
  const waiters = createWaiters();
  const commits = createGroupCommit(db, (results: AcceptResult[]) => {
    if (results.some((result) => !result.duplicate)) waiters.wake();
  });
  const changed = (result: { changes: number | bigint }) => Number(result.changes) > 0;

  return {
    accept(delivery: NewDelivery, { retainSince }): Promise<AcceptResult> {
      return commits.add(() => {
        const existing = statements.findKey.get(delivery.key);
        if (existing && Number(existing.received_at) >= retainSince) {
          return { id: String(existing.id), duplicate: true };
        }
        // A delivery under the key received before the retention is forgotten: this one is new.
        if (existing) statements.deleteKey.run(delivery.key);
        const { id, key, topic, body, signature, receivedAt } = delivery;
        statements.insert.run(id, key, topic, body, signature, receivedAt, receivedAt, receivedAt);
        return { id, duplicate: false };
      });
    },

    async claim({ workerId, limit, now, leaseMs }: ClaimOptions): Promise<StoredDelivery[]> {
      if (!(limit > 0)) return [];
      const rows = immediate(db, () =>
        statements.claim.all(workerId, now + leaseMs, now, Math.floor(limit)),
      );
      // RETURNING gives rows in no promised order.
      return rows
        .map(toDelivery)
        .sort(
          (a, b) =>
            a.runAt - b.runAt ||
            a.receivedAt - b.receivedAt ||
            (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        );
    },

    async extendLease(id, workerId, leaseUntil) {
      return changed(immediate(db, () => statements.extendLease.run(leaseUntil, id, workerId)));
    },

    async recordHandlerDone(id, workerId, handler, now) {
      return changed(immediate(db, () => statements.handlerDone.run(handler, now, id, workerId)));
    },

    async settle(id, workerId, settlement: Settlement) {
      const runAt = settlement.status === "pending" ? settlement.runAt : null;
      const error = settlement.status === "done" ? null : settlement.error;
      return changed(
        immediate(db, () =>
          statements.settle.run(settlement.status, runAt, error, settlement.now, id, workerId),
        ),
      );
    },

    async get(id) {
      const row = statements.get.get(id);
      return row ? toDelivery(row) : undefined;
    },

    async list(query: ListQuery = {}): Promise<DeliveryPage> {
      const limit = query.limit ?? DEFAULT_PAGE;
      if (!Number.isInteger(limit) || limit < 1) {
        throw new HeronWebhookError(
          "INVALID_CONFIG",
          "list: `limit` must be a whole number, 1 or more.",
        );
      }
      const page = Math.min(limit, MAX_PAGE);
      const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
      const rows = statements.list.all(
        query.status ?? null,
        query.topic ?? null,
        after?.receivedAt ?? null,
        after?.id ?? null,
        page + 1,
      );
      const deliveries = rows.slice(0, page).map(toDelivery);
      const last = deliveries[deliveries.length - 1];
      return rows.length > page && last
        ? { deliveries, nextCursor: encodeCursor(last) }
        : { deliveries };
    },

    async replay(id, now) {
      const replayed = changed(immediate(db, () => statements.replay.run(now, id)));
      if (replayed) waiters.wake();
      return replayed;
    },

    async replayDead(now) {
      const count = Number(immediate(db, () => statements.replayDead.run(now)).changes);
      if (count > 0) waiters.wake();
      return count;
    },

    async purge({ olderThan }) {
      return Number(immediate(db, () => statements.purge.run(olderThan)).changes);
    },

    async stats(): Promise<InboxStats> {
      const counts = Object.fromEntries(STATUSES.map((status) => [status, 0])) as Record<
        DeliveryStatus,
        number
      >;
      for (const row of statements.counts.all())
        counts[row.status as DeliveryStatus] = Number(row.n);
      const oldest = statements.oldest.get()?.at;
      return { counts, oldestUnfinishedReceivedAt: oldest == null ? null : Number(oldest) };
    },

    waitForWork: waiters.wait,

    async close() {
      commits.flush();
      waiters.wake();
      db.close();
    },
  };
}
