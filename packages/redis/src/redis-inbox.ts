import type {
  AcceptResult,
  ClaimOptions,
  DeliveryPage,
  InboxStats,
  InboxStore,
  ListQuery,
  NewDelivery,
  Settlement,
  StoredDelivery,
} from "@heron-webhooks/core/store";
import { decodeDeliveries, decodeDelivery, parseCursor, receivedAtOfMember } from "./codec.js";
import { openConnection, type RedisConnection } from "./connection.js";
import * as lua from "./lua.js";
import { defineScript, runScript, type Script, type ScriptArg } from "./scripts.js";
import { WorkSignal } from "./work-signal.js";

export interface RedisInboxOptions {
  /**
   * The app's ioredis client (5 or 6), ioredis options, or a `redis://` URL. A client passed in is
   * used as it is and never closed by the inbox; one made from options is closed by `close()`.
   */
  connection: RedisConnection;
  /**
   * Put before every key the inbox writes, so several inboxes (or apps) share one Redis. The part
   * in braces is a Redis Cluster hash tag: it keeps every key of one inbox in one slot, as its
   * atomic scripts need. Default `"heron:{inbox}:"`.
   */
  prefix?: string;
}

/** The Redis inbox: core's `InboxStore`, plus `close()`. */
export interface RedisInbox extends InboxStore {
  close(): Promise<void>;
}

const DEFAULT_PREFIX = "heron:{inbox}:";
const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 1000;
// Work done per script call by purge() and replayDead(), so one call never blocks Redis for long.
const BATCH = 500;

const SCRIPTS = {
  accept: defineScript(lua.ACCEPT),
  claim: defineScript(lua.CLAIM),
  extendLease: defineScript(lua.EXTEND_LEASE),
  recordHandlerDone: defineScript(lua.RECORD_HANDLER_DONE),
  settle: defineScript(lua.SETTLE),
  get: defineScript(lua.GET),
  list: defineScript(lua.LIST),
  replay: defineScript(lua.REPLAY),
  replayDead: defineScript(lua.REPLAY_DEAD),
  purge: defineScript(lua.PURGE),
  stats: defineScript(lua.STATS),
};

function checkTime(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new TypeError(`redisInbox: ${name} must be milliseconds since the epoch, got ${value}`);
  }
  return value;
}

function checkText(name: string, value: string): string {
  if (typeof value !== "string" || value === "") {
    throw new TypeError(`redisInbox: ${name} must be a non-empty string`);
  }
  return value;
}

/** The list index a query reads: every delivery, or those of one status, topic, or both. */
function listIndex(query: ListQuery): string {
  if (query.status !== undefined && query.topic !== undefined) {
    return `ix:st:${query.status}:${query.topic}`;
  }
  if (query.status !== undefined) return `ix:s:${query.status}`;
  if (query.topic !== undefined) return `ix:t:${query.topic}`;
  return "ix";
}

/**
 * The heron-webhooks inbox on Redis 6.2 or later, through ioredis: every receiver and worker that
 * shares the Redis (and the prefix) shares the inbox. Each step is one atomic Lua script; every
 * time comes from core's clock, never Redis's.
 */
export function redisInbox(options: RedisInboxOptions): RedisInbox {
  if (options === null || typeof options !== "object") {
    throw new TypeError("redisInbox: pass { connection }");
  }
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  checkText("prefix", prefix);
  const { client, owned } = openConnection(options.connection);
  // ioredis puts its keyPrefix before KEYS but not before ARGV, where the scripts build keys.
  const keyPrefix = client.options.keyPrefix ?? "";
  const base = `${keyPrefix}${prefix}`;
  const routingKey = `${prefix}keys`;
  const signal = new WorkSignal(`${base}work`, () => client.duplicate());

  const run = (script: Script, args: readonly ScriptArg[]) =>
    runScript(client, script, routingKey, [base, ...args]);

  async function accept(
    delivery: NewDelivery,
    { retainSince }: { readonly retainSince: number },
  ): Promise<AcceptResult> {
    checkText("delivery.id", delivery.id);
    checkText("delivery.key", delivery.key);
    checkText("delivery.topic", delivery.topic);
    if (!(delivery.body instanceof Uint8Array)) {
      throw new TypeError("redisInbox: delivery.body must be a Uint8Array");
    }
    const reply = (await run(SCRIPTS.accept, [
      delivery.id,
      delivery.key,
      delivery.topic,
      delivery.body,
      delivery.signature,
      checkTime("delivery.receivedAt", delivery.receivedAt),
      // Before the epoch is as good as "keep everything".
      Math.max(0, Math.ceil(retainSince)),
    ])) as [Buffer, number];
    return { id: reply[0].toString("utf8"), duplicate: reply[1] === 1 };
  }

  async function claim({ workerId, limit, now, leaseMs }: ClaimOptions) {
    checkText("workerId", workerId);
    checkTime("now", now);
    checkTime("leaseMs", leaseMs);
    const count = Math.max(0, Math.floor(limit));
    if (count === 0) return [];
    return decodeDeliveries(await run(SCRIPTS.claim, [workerId, count, now, now + leaseMs]));
  }

  async function extendLease(id: string, workerId: string, leaseUntil: number) {
    checkTime("leaseUntil", leaseUntil);
    return (await run(SCRIPTS.extendLease, [id, workerId, leaseUntil])) === 1;
  }

  async function recordHandlerDone(id: string, workerId: string, handler: string, now: number) {
    checkText("handler", handler);
    checkTime("now", now);
    return (await run(SCRIPTS.recordHandlerDone, [id, workerId, handler, now])) === 1;
  }

  async function settle(id: string, workerId: string, settlement: Settlement) {
    checkTime("now", settlement.now);
    const runAt = settlement.status === "pending" ? checkTime("runAt", settlement.runAt) : 0;
    const error = settlement.status === "done" ? "" : settlement.error;
    const reply = await run(SCRIPTS.settle, [
      id,
      workerId,
      settlement.status,
      settlement.now,
      runAt,
      error,
    ]);
    return reply === 1;
  }

  async function get(id: string): Promise<StoredDelivery | undefined> {
    return decodeDelivery(await run(SCRIPTS.get, [id]));
  }

  async function list(query: ListQuery = {}): Promise<DeliveryPage> {
    const limit = Math.min(
      Math.max(1, Math.floor(query.limit ?? DEFAULT_LIST_LIMIT)),
      MAX_LIST_LIMIT,
    );
    const max = query.cursor === undefined ? "+" : `(${parseCursor(query.cursor)}`;
    // One more than the page, to know whether there is a next one.
    const rows = decodeDeliveries(await run(SCRIPTS.list, [listIndex(query), max, limit + 1]));
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return rows.length > limit && last
      ? {
          deliveries: page,
          nextCursor: `${String(last.receivedAt).padStart(lua.PAD, "0")}${last.id}`,
        }
      : { deliveries: page };
  }

  async function replay(id: string, now: number) {
    return (await run(SCRIPTS.replay, [id, checkTime("now", now)])) === 1;
  }

  /** Runs a batched script until a call does less than a full batch. */
  async function inBatches(script: Script, args: readonly ScriptArg[]): Promise<number> {
    let total = 0;
    for (;;) {
      const done = (await run(script, [...args, BATCH])) as number;
      total += done;
      if (done < BATCH) return total;
    }
  }

  async function stats(): Promise<InboxStats> {
    const [pending, running, done, dead, oldest] = (await run(SCRIPTS.stats, [])) as [
      number,
      number,
      number,
      number,
      Buffer | null,
    ];
    return {
      counts: { pending, running, done, dead },
      oldestUnfinishedReceivedAt: oldest ? receivedAtOfMember(oldest.toString("utf8")) : null,
    };
  }

  return {
    accept,
    claim,
    extendLease,
    recordHandlerDone,
    settle,
    get,
    list,
    replay,
    replayDead: (now) => inBatches(SCRIPTS.replayDead, [checkTime("now", now)]),
    purge: ({ olderThan }) => inBatches(SCRIPTS.purge, [checkTime("olderThan", olderThan)]),
    stats,
    waitForWork: (timeoutMs, abort) => signal.wait(timeoutMs, abort),
    async close() {
      await signal.close();
      if (owned) await client.quit().catch(() => client.disconnect());
    },
  };
}
