import { HeronWebhookError } from "@heron-webhooks/core";
import type {
  AcceptResult,
  DeliveryPage,
  InboxStats,
  InboxStore,
  ListQuery,
  NewDelivery,
  Settlement,
  StoredDelivery,
} from "@heron-webhooks/core/store";
import pg, { type Pool, type PoolClient, type QueryResultRow } from "pg";
import { explainMissingTables } from "./errors.js";
import { inboxNames } from "./identifiers.js";
import { migrate } from "./migrate.js";
import { Notifier } from "./notifier.js";
import { DEFAULT_SCHEMA, DEFAULT_TABLE, type PostgresInboxOptions } from "./options.js";
import { type DeliveryRow, toBuffer, toStoredDelivery } from "./rows.js";
import { statements } from "./statements.js";
import { inTransaction } from "./transaction.js";
import { WorkSignal } from "./work-signal.js";

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 1000;
const CONNECT_TIMEOUT_MS = 5_000;

/** What a handler run through `runHandlerAtomically` gets on its `delivery`. */
export interface PostgresHandlerExtras {
  /** The client of the transaction that records the handler's success: write through it. */
  readonly db: PoolClient;
}

type OptionalStep = "runHandlerAtomically" | "waitForWork" | "close";

/** The Postgres inbox: core's `InboxStore` with every optional step, plus `migrate()`. */
export interface PostgresInbox
  extends Omit<InboxStore, OptionalStep>,
    Required<Pick<InboxStore, OptionalStep>> {
  /**
   * Creates or upgrades the tables; safe to run from several processes at once. Run it at deploy or
   * startup, before the inbox receives or works: nothing is created on first use.
   */
  migrate(): Promise<void>;
}

function resolvePool(options: PostgresInboxOptions): { pool: Pool; owned: boolean } {
  if (options.pool && options.connectionString) {
    throw new HeronWebhookError(
      "INVALID_CONFIG",
      "postgresInbox: pass either `pool` or `connectionString`, not both.",
    );
  }
  if (options.pool) return { pool: options.pool, owned: false };
  if (typeof options.connectionString === "string" && options.connectionString !== "") {
    // A database that cannot be reached fails a call within seconds (a 503 to Heron), never hangs it.
    const pool = new pg.Pool({
      connectionString: options.connectionString,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    });
    // An idle connection the server dropped is replaced on next use; without a listener it would crash the process.
    pool.on("error", () => {});
    return { pool, owned: true };
  }
  throw new HeronWebhookError(
    "INVALID_CONFIG",
    "postgresInbox: pass `pool` (your pg.Pool) or `connectionString`.",
  );
}

function decodeCursor(cursor: string): [number, string] {
  try {
    const [receivedAt, id] = JSON.parse(cursor) as unknown[];
    if (typeof receivedAt === "number" && typeof id === "string") return [receivedAt, id];
  } catch {}
  throw new HeronWebhookError(
    "INVALID_CONFIG",
    "list: `cursor` must be the `nextCursor` of a previous page.",
  );
}

/**
 * The inbox on PostgreSQL 13 and later: duplicates decided by a unique key, claims with
 * `FOR UPDATE SKIP LOCKED`, leases by core's clock, and LISTEN/NOTIFY to wake idle workers.
 */
export function postgresInbox(options: PostgresInboxOptions): PostgresInbox {
  const names = inboxNames(options.schema ?? DEFAULT_SCHEMA, options.table ?? DEFAULT_TABLE);
  const { pool, owned } = resolvePool(options);
  const sql = statements(names);
  const notMigrated = explainMissingTables(names.deliveries);
  const signal = new WorkSignal(pool, names.quote(names.channel));
  const notifier = new Notifier(pool, names.channel);

  function query<Row extends QueryResultRow>(text: string, values: unknown[]) {
    return pool.query<Row>(text, values).catch(notMigrated);
  }

  async function changed(text: string, values: unknown[]): Promise<boolean> {
    return (await query(text, values)).rowCount === 1;
  }

  async function accept(
    delivery: NewDelivery,
    { retainSince }: { readonly retainSince: number },
  ): Promise<AcceptResult> {
    const stored = await query<{ id: string }>(sql.accept, [
      delivery.id,
      delivery.key,
      delivery.topic,
      toBuffer(delivery.body),
      delivery.signature,
      delivery.receivedAt,
      retainSince,
    ]);
    if (stored.rows[0]) {
      // Only a stored delivery wakes the workers.
      notifier.notify();
      return { id: stored.rows[0].id, duplicate: false };
    }
    // The key is held by a delivery within the retention (committed by now: ON CONFLICT waited for it).
    const existing = await query<{ id: string }>(sql.idByKey, [delivery.key]);
    if (existing.rows[0]) return { id: existing.rows[0].id, duplicate: true };
    // It was purged in between: store this one after all.
    return accept(delivery, { retainSince });
  }

  return {
    async migrate() {
      await migrate(pool, names);
    },

    accept,

    async claim({ workerId, limit, now, leaseMs }): Promise<StoredDelivery[]> {
      if (limit <= 0) return [];
      const claimed = await query<DeliveryRow>(sql.claim, [now, limit, workerId, now + leaseMs]);
      return claimed.rows
        .map(toStoredDelivery)
        .sort((a, b) => a.runAt - b.runAt || a.receivedAt - b.receivedAt || (a.id < b.id ? -1 : 1));
    },

    extendLease(id, workerId, leaseUntil) {
      return changed(sql.extendLease, [id, workerId, leaseUntil]);
    },

    recordHandlerDone(id, workerId, handler, now) {
      return changed(sql.recordHandlerDone, [id, workerId, handler, now]);
    },

    runHandlerAtomically(id, workerId, handler, now, run) {
      return inTransaction(pool, async (client) => {
        await run({ db: client } satisfies PostgresHandlerExtras);
        // Recorded after the handler, in its transaction: the row lock taken here keeps a claim by
        // another worker out until COMMIT, and a lease lost meanwhile rolls the handler's writes back.
        const recorded = await client
          .query(sql.recordHandlerDone, [id, workerId, handler, now])
          .catch(notMigrated);
        return { commit: recorded.rowCount === 1, value: recorded.rowCount === 1 };
      });
    },

    settle(id, workerId, settlement: Settlement) {
      switch (settlement.status) {
        case "done":
          return changed(sql.settleDone, [id, workerId, settlement.now]);
        case "pending":
          return changed(sql.settlePending, [
            id,
            workerId,
            settlement.now,
            settlement.runAt,
            settlement.error,
          ]);
        case "dead":
          return changed(sql.settleDead, [id, workerId, settlement.now, settlement.error]);
      }
    },

    async get(id) {
      const found = await query<DeliveryRow>(sql.get, [id]);
      return found.rows[0] && toStoredDelivery(found.rows[0]);
    },

    async list(listQuery: ListQuery = {}): Promise<DeliveryPage> {
      const limit = Math.min(Math.max(1, listQuery.limit ?? DEFAULT_LIST_LIMIT), MAX_LIST_LIMIT);
      const where: string[] = [];
      const values: unknown[] = [];
      const param = (value: unknown) => {
        values.push(value);
        return `$${values.length}`;
      };
      if (listQuery.status !== undefined) where.push(`status = ${param(listQuery.status)}`);
      if (listQuery.topic !== undefined) where.push(`topic = ${param(listQuery.topic)}`);
      if (listQuery.cursor !== undefined) {
        const [receivedAt, id] = decodeCursor(listQuery.cursor);
        where.push(`(received_at, id) < (${param(receivedAt)}, ${param(id)})`);
      }
      // One more than the page: its presence says there may be more.
      const rows = (await query<DeliveryRow>(sql.list(where, param(limit + 1)), values)).rows;
      const page = rows.slice(0, limit).map(toStoredDelivery);
      const last = page.at(-1);
      return rows.length > limit && last
        ? { deliveries: page, nextCursor: JSON.stringify([last.receivedAt, last.id]) }
        : { deliveries: page };
    },

    replay(id, now) {
      return changed(sql.replay, [id, now, names.channel]);
    },

    async replayDead(now) {
      const replayed = await query<{ count: number }>(sql.replayDead, [now, names.channel]);
      return replayed.rows[0]?.count ?? 0;
    },

    async purge({ olderThan }) {
      return (await query(sql.purge, [olderThan])).rowCount ?? 0;
    },

    async stats(): Promise<InboxStats> {
      const row = (
        await query<{
          pending: number;
          running: number;
          done: number;
          dead: number;
          oldest: string | null;
        }>(sql.stats, [])
      ).rows[0];
      return {
        counts: {
          pending: row?.pending ?? 0,
          running: row?.running ?? 0,
          done: row?.done ?? 0,
          dead: row?.dead ?? 0,
        },
        oldestUnfinishedReceivedAt: row?.oldest == null ? null : Number(row.oldest),
      };
    },

    waitForWork(timeoutMs, abortSignal) {
      return signal.wait(timeoutMs, abortSignal);
    },

    async close() {
      await Promise.all([signal.close(), notifier.settled()]);
      if (owned) await pool.end();
    },
  };
}
