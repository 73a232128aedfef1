// The store against a real Redis, under each ioredis major: what core's InboxStore contract asks,
// and what only a shared engine brings (concurrent claims from separate connections).

import { type RedisInbox, redisInbox } from "@heron-webhooks/redis";
import type { Redis } from "ioredis";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { newDelivery } from "./support/deliveries.js";
import {
  deleteKeys,
  keysUnder,
  majors,
  type RedisClient,
  redisAvailable,
  redisUrl,
  uniquePrefix,
} from "./support/redis.js";

const T0 = 1_000_000;
const LEASE = 30_000;

describe.skipIf(!redisAvailable).each(majors)("redisInbox on $name", ({ connect }) => {
  let client: RedisClient;
  let prefix: string;
  let inbox: RedisInbox;
  const extraClients: RedisClient[] = [];

  function open(connection: RedisClient = client): RedisInbox {
    return redisInbox({ connection: connection as unknown as Redis, prefix });
  }

  function otherInbox(): RedisInbox {
    const other = connect();
    extraClients.push(other);
    return open(other);
  }

  beforeEach(() => {
    client = connect();
    prefix = uniquePrefix();
    inbox = open();
  });

  afterEach(async () => {
    await inbox.close();
    await deleteKeys(client, prefix);
    for (const other of extraClients.splice(0)) await other.quit();
    await client.quit();
  });

  describe("accept", () => {
    it("stores a delivery as pending and due at once, with its exact bytes", async () => {
      const body = new Uint8Array([0, 0xff, 0xfe, 0x7b, 0x22, 0xc3, 0x28, 0x0a]);
      const delivery = newDelivery({ body, receivedAt: T0 });
      expect(await inbox.accept(delivery, { retainSince: 0 })).toEqual({
        id: delivery.id,
        duplicate: false,
      });
      expect(await inbox.get(delivery.id)).toEqual({
        ...delivery,
        body,
        status: "pending",
        attempt: 0,
        runAt: T0,
        leaseOwner: null,
        leaseUntil: null,
        doneHandlers: [],
        lastError: null,
        updatedAt: T0,
      });
    });

    it("answers a key received within the retention as a duplicate of the stored delivery", async () => {
      const first = newDelivery({ key: "same", receivedAt: T0 });
      await inbox.accept(first, { retainSince: 0 });
      const again = newDelivery({ key: "same", receivedAt: T0 + 10 });
      expect(await otherInbox().accept(again, { retainSince: T0 })).toEqual({
        id: first.id,
        duplicate: true,
      });
      expect(await inbox.get(again.id)).toBeUndefined();
      expect((await inbox.stats()).counts.pending).toBe(1);
    });

    it("replaces a delivery whose key was received before the retention", async () => {
      const first = newDelivery({ key: "same", receivedAt: T0 });
      await inbox.accept(first, { retainSince: 0 });
      const later = newDelivery({ key: "same", receivedAt: T0 + 5000 });
      expect(await inbox.accept(later, { retainSince: T0 + 1 })).toEqual({
        id: later.id,
        duplicate: false,
      });
      expect(await inbox.get(first.id)).toBeUndefined();
      expect((await inbox.list()).deliveries.map((d) => d.id)).toEqual([later.id]);
      expect((await inbox.stats()).counts.pending).toBe(1);
    });

    it("frees a purged delivery's key and leaves nothing of it in Redis", async () => {
      const first = newDelivery({ key: "kept", receivedAt: T0 });
      await inbox.accept(first, { retainSince: 0 });
      const [claimed] = await inbox.claim({ workerId: "w", limit: 1, now: T0, leaseMs: LEASE });
      await inbox.settle(claimed?.id ?? "", "w", { status: "done", now: T0 + 1 });
      expect(await inbox.purge({ olderThan: T0 + 1 })).toBe(1);
      expect(await inbox.get(first.id)).toBeUndefined();
      // Only the (now empty) indexes' keys could remain, and Redis deletes an empty key itself.
      expect(await keysUnder(client, prefix)).toEqual([]);
      const again = newDelivery({ key: "kept", receivedAt: T0 + 2 });
      expect(await inbox.accept(again, { retainSince: 0 })).toEqual({
        id: again.id,
        duplicate: false,
      });
    });

    it("puts every key under the prefix, after the client's own keyPrefix", async () => {
      const withKeyPrefix = connect({ keyPrefix: "app1:" });
      extraClients.push(withKeyPrefix);
      const scoped = open(withKeyPrefix);
      const delivery = newDelivery();
      await scoped.accept(delivery, { retainSince: 0 });
      expect(await keysUnder(client, prefix)).toEqual([]);
      const keys = await keysUnder(client, `app1:${prefix}`);
      expect(keys).toContain(`app1:${prefix}d:${delivery.id}`);
      expect(keys.every((key) => key.startsWith(`app1:${prefix}`))).toBe(true);
      expect((await scoped.claim({ workerId: "w", limit: 5, now: T0, leaseMs: 1 })).length).toBe(1);
      await deleteKeys(client, `app1:${prefix}`);
    });

    it("refuses bad input with a TypeError naming the field", async () => {
      await expect(
        inbox.accept(newDelivery({ receivedAt: Number.NaN }), { retainSince: 0 }),
      ).rejects.toThrow(/receivedAt/);
      await expect(inbox.accept(newDelivery({ key: "" }), { retainSince: 0 })).rejects.toThrow(
        TypeError,
      );
      expect(() => redisInbox({ connection: 42 as never })).toThrow(/connection/);
      expect(() => redisInbox({ connection: client as unknown as Redis, prefix: "" })).toThrow(
        /prefix/,
      );
    });
  });

  describe("claim and leases", () => {
    it("takes due deliveries oldest runAt first, up to the limit, under a lease", async () => {
      const late = newDelivery({ receivedAt: T0 + 20 });
      const early = newDelivery({ receivedAt: T0 });
      const future = newDelivery({ receivedAt: T0 + 5000 });
      for (const d of [late, early, future]) await inbox.accept(d, { retainSince: 0 });

      const claimed = await inbox.claim({
        workerId: "w1",
        limit: 1,
        now: T0 + 100,
        leaseMs: LEASE,
      });
      expect(claimed.map((d) => [d.id, d.status, d.attempt, d.leaseOwner, d.leaseUntil])).toEqual([
        [early.id, "running", 1, "w1", T0 + 100 + LEASE],
      ]);
      const rest = await inbox.claim({ workerId: "w1", limit: 10, now: T0 + 100, leaseMs: LEASE });
      expect(rest.map((d) => d.id)).toEqual([late.id]);
      expect(await inbox.claim({ workerId: "w1", limit: 10, now: T0 + 100, leaseMs: 1 })).toEqual(
        [],
      );
      expect(await inbox.claim({ workerId: "w1", limit: 0, now: T0 + 9999, leaseMs: 1 })).toEqual(
        [],
      );
    });

    it("gives a delivery whose lease ended to another worker, and the first one loses it", async () => {
      const delivery = newDelivery({ receivedAt: T0 });
      await inbox.accept(delivery, { retainSince: 0 });
      await inbox.claim({ workerId: "w1", limit: 1, now: T0, leaseMs: 100 });
      expect(await inbox.claim({ workerId: "w2", limit: 1, now: T0 + 99, leaseMs: 100 })).toEqual(
        [],
      );
      const [again] = await inbox.claim({ workerId: "w2", limit: 1, now: T0 + 100, leaseMs: 100 });
      expect(again).toMatchObject({ id: delivery.id, attempt: 2, leaseOwner: "w2" });

      expect(await inbox.extendLease(delivery.id, "w1", T0 + 500)).toBe(false);
      expect(await inbox.recordHandlerDone(delivery.id, "w1", "h", T0 + 101)).toBe(false);
      expect(await inbox.settle(delivery.id, "w1", { status: "done", now: T0 + 101 })).toBe(false);
      expect(await inbox.get(delivery.id)).toMatchObject({ status: "running", leaseOwner: "w2" });
    });

    it("takes ended leases oldest runAt first, whatever order the leases ended in", async () => {
      const older = newDelivery({ receivedAt: T0 });
      const newer = newDelivery({ receivedAt: T0 + 1000 });
      for (const d of [older, newer]) await inbox.accept(d, { retainSince: 0 });
      await inbox.claim({ workerId: "w1", limit: 1, now: T0 + 1000, leaseMs: 1000 });
      await inbox.claim({ workerId: "w2", limit: 1, now: T0 + 1000, leaseMs: 10 });
      // The newer delivery's lease ended first; the older one is still due first.
      const [first] = await inbox.claim({ workerId: "w3", limit: 1, now: T0 + 3000, leaseMs: 1 });
      expect(first?.id).toBe(older.id);
    });

    it("extends the lease only for its holder, and an extended lease is not claimable", async () => {
      const delivery = newDelivery({ receivedAt: T0 });
      await inbox.accept(delivery, { retainSince: 0 });
      await inbox.claim({ workerId: "w1", limit: 1, now: T0, leaseMs: 100 });
      expect(await inbox.extendLease(delivery.id, "w1", T0 + 1000)).toBe(true);
      expect(await inbox.extendLease("nope", "w1", T0 + 1000)).toBe(false);
      expect(await inbox.claim({ workerId: "w2", limit: 1, now: T0 + 500, leaseMs: 100 })).toEqual(
        [],
      );
      expect((await inbox.get(delivery.id))?.leaseUntil).toBe(T0 + 1000);
    });

    it("never hands one delivery to two of many concurrent claims on separate connections", async () => {
      const count = 200;
      for (let i = 0; i < count; i += 1) {
        await inbox.accept(newDelivery({ receivedAt: T0 + i }), { retainSince: 0 });
      }
      const workers = Array.from({ length: 8 }, (_, i) => ({ id: `w${i}`, inbox: otherInbox() }));
      const claimedBy = new Map<string, string>();
      await Promise.all(
        workers.map(async (worker) => {
          for (;;) {
            const batch = await worker.inbox.claim({
              workerId: worker.id,
              limit: 7,
              now: T0 + count,
              leaseMs: LEASE,
            });
            if (batch.length === 0) return;
            for (const d of batch) {
              expect(claimedBy.has(d.id)).toBe(false);
              claimedBy.set(d.id, worker.id);
            }
          }
        }),
      );
      expect(claimedBy.size).toBe(count);
      expect((await inbox.stats()).counts).toEqual({
        pending: 0,
        running: count,
        done: 0,
        dead: 0,
      });
    });
  });

  describe("handlers and settlement", () => {
    async function claimOne(now = T0) {
      const delivery = newDelivery({ receivedAt: T0 });
      await inbox.accept(delivery, { retainSince: 0 });
      await inbox.claim({ workerId: "w", limit: 1, now, leaseMs: LEASE });
      return delivery;
    }

    it("records each handler once, in the order they succeeded", async () => {
      const { id } = await claimOne();
      expect(await inbox.recordHandlerDone(id, "w", "b", T0 + 1)).toBe(true);
      expect(await inbox.recordHandlerDone(id, "w", 'a/é "q"', T0 + 2)).toBe(true);
      expect(await inbox.recordHandlerDone(id, "w", "b", T0 + 3)).toBe(true);
      expect(await inbox.get(id)).toMatchObject({
        doneHandlers: ["b", 'a/é "q"'],
        updatedAt: T0 + 3,
      });
    });

    it("settles pending for a retry at runAt, keeping the handlers that succeeded", async () => {
      const { id } = await claimOne();
      await inbox.recordHandlerDone(id, "w", "a", T0 + 1);
      const retry = { status: "pending", now: T0 + 2, runAt: T0 + 60_000, error: "boom" } as const;
      expect(await inbox.settle(id, "w", retry)).toBe(true);
      expect(await inbox.get(id)).toMatchObject({
        status: "pending",
        runAt: T0 + 60_000,
        leaseOwner: null,
        leaseUntil: null,
        doneHandlers: ["a"],
        lastError: "boom",
        attempt: 1,
      });
      expect(await inbox.claim({ workerId: "w", limit: 1, now: T0 + 59_999, leaseMs: 1 })).toEqual(
        [],
      );
      const [next] = await inbox.claim({ workerId: "w", limit: 1, now: T0 + 60_000, leaseMs: 1 });
      expect(next).toMatchObject({ id, attempt: 2, doneHandlers: ["a"] });
    });

    it("settles done and dead, which are never claimed again", async () => {
      const done = await claimOne();
      expect(await inbox.settle(done.id, "w", { status: "done", now: T0 + 5 })).toBe(true);
      const dead = await claimOne();
      expect(
        await inbox.settle(dead.id, "w", { status: "dead", now: T0 + 6, error: "gave up" }),
      ).toBe(true);
      expect(await inbox.get(done.id)).toMatchObject({ status: "done", updatedAt: T0 + 5 });
      expect(await inbox.get(dead.id)).toMatchObject({ status: "dead", lastError: "gave up" });
      expect(await inbox.settle(done.id, "w", { status: "done", now: T0 + 7 })).toBe(false);
      expect(await inbox.claim({ workerId: "x", limit: 5, now: T0 + 10 ** 9, leaseMs: 1 })).toEqual(
        [],
      );
    });
  });

  describe("replay and purge", () => {
    async function finish(status: "done" | "dead", receivedAt = T0) {
      const delivery = newDelivery({ receivedAt });
      await inbox.accept(delivery, { retainSince: 0 });
      await inbox.claim({ workerId: "w", limit: 1, now: receivedAt, leaseMs: LEASE });
      await inbox.recordHandlerDone(delivery.id, "w", "a", receivedAt);
      await inbox.settle(
        delivery.id,
        "w",
        status === "done" ? { status, now: receivedAt } : { status, now: receivedAt, error: "x" },
      );
      return delivery;
    }

    it("replays a done delivery with every handler, a dead one with only those that failed", async () => {
      const done = await finish("done");
      const dead = await finish("dead");
      expect(await inbox.replay(done.id, T0 + 100)).toBe(true);
      expect(await inbox.replay(dead.id, T0 + 100)).toBe(true);
      expect(await inbox.get(done.id)).toMatchObject({
        status: "pending",
        runAt: T0 + 100,
        attempt: 0,
        doneHandlers: [],
      });
      expect(await inbox.get(dead.id)).toMatchObject({ status: "pending", doneHandlers: ["a"] });
      const claimed = await inbox.claim({ workerId: "w", limit: 5, now: T0 + 100, leaseMs: 1 });
      expect(claimed.map((d) => d.id).sort()).toEqual([done.id, dead.id].sort());
    });

    it("refuses to replay a pending, running or unknown delivery", async () => {
      const pending = newDelivery();
      await inbox.accept(pending, { retainSince: 0 });
      expect(await inbox.replay(pending.id, T0)).toBe(false);
      await inbox.claim({ workerId: "w", limit: 1, now: T0, leaseMs: LEASE });
      expect(await inbox.replay(pending.id, T0)).toBe(false);
      expect(await inbox.replay("dlv_missing", T0)).toBe(false);
    });

    it("replays every dead delivery, in batches, and counts them", async () => {
      const dead = [];
      for (let i = 0; i < 3; i += 1) dead.push(await finish("dead", T0 + i));
      await finish("done");
      expect(await inbox.replayDead(T0 + 10)).toBe(3);
      expect((await inbox.stats()).counts).toEqual({ pending: 3, running: 0, done: 1, dead: 0 });
      expect(await inbox.replayDead(T0 + 10)).toBe(0);
    });

    it("purges done and dead deliveries received before olderThan, past one batch", async () => {
      const old = newDelivery({ receivedAt: T0 });
      await inbox.accept(old, { retainSince: 0 });
      // 1200 finished deliveries: more than one purge batch of 500.
      const many = Array.from({ length: 1200 }, (_, i) =>
        newDelivery({ receivedAt: T0 + (i % 50) }),
      );
      await Promise.all(many.map((d) => inbox.accept(d, { retainSince: 0 })));
      const claimed = await inbox.claim({
        workerId: "w",
        limit: 2000,
        now: T0 + 50,
        leaseMs: LEASE,
      });
      expect(claimed.length).toBe(1201);
      await Promise.all(
        claimed
          .filter((d) => d.id !== old.id)
          .map((d, i) =>
            inbox.settle(
              d.id,
              "w",
              i % 2
                ? { status: "done", now: T0 + 60 }
                : { status: "dead", now: T0 + 60, error: "x" },
            ),
          ),
      );
      const recent = await finish("done", T0 + 100);
      expect(await inbox.purge({ olderThan: T0 + 100 })).toBe(1200);
      expect((await inbox.list({ limit: 10 })).deliveries.map((d) => d.id)).toEqual([
        recent.id,
        old.id,
      ]);
      expect((await inbox.stats()).counts).toEqual({ pending: 0, running: 1, done: 1, dead: 0 });
      expect(await inbox.purge({ olderThan: T0 + 100 })).toBe(0);
    });
  });

  describe("list and stats", () => {
    it("lists newest first by receivedAt then id, filtered, in pages that join up", async () => {
      const all = [];
      for (let i = 0; i < 7; i += 1) {
        const topic = i % 2 ? "pdf.processed" : "end_user.processed";
        // Pairs share a receivedAt, so the id orders them.
        all.push(newDelivery({ receivedAt: T0 + Math.floor(i / 2), topic }));
      }
      for (const d of all) await inbox.accept(d, { retainSince: 0 });
      const newest = [...all].sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : -1));

      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await inbox.list({ limit: 3, cursor });
        expect(page.deliveries.length).toBeLessThanOrEqual(3);
        seen.push(...page.deliveries.map((d) => d.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(newest.map((d) => d.id));

      const pdf = await inbox.list({ topic: "pdf.processed" });
      expect(pdf.deliveries.map((d) => d.id)).toEqual(
        newest.filter((d) => d.topic === "pdf.processed").map((d) => d.id),
      );
      expect(pdf.nextCursor).toBeUndefined();

      // The three oldest: all[0] and all[1] (same receivedAt, by id), then all[2].
      await inbox.claim({ workerId: "w", limit: 3, now: T0 + 10, leaseMs: LEASE });
      const running = await inbox.list({ status: "running", topic: "end_user.processed" });
      expect(running.deliveries.map((d) => d.id)).toEqual([all[2]?.id, all[0]?.id]);
      expect((await inbox.list({ status: "pending" })).deliveries.length).toBe(4);
    });

    it("caps the page at 1000 and refuses a cursor it did not make", async () => {
      await inbox.accept(newDelivery(), { retainSince: 0 });
      expect((await inbox.list({ limit: 0 })).deliveries.length).toBe(1);
      await expect(inbox.list({ cursor: "not-a-cursor" })).rejects.toThrow(TypeError);
    });

    it("counts by status and finds the oldest unfinished delivery", async () => {
      expect(await inbox.stats()).toEqual({
        counts: { pending: 0, running: 0, done: 0, dead: 0 },
        oldestUnfinishedReceivedAt: null,
      });
      const old = newDelivery({ receivedAt: T0 });
      const young = newDelivery({ receivedAt: T0 + 50 });
      await inbox.accept(young, { retainSince: 0 });
      await inbox.accept(old, { retainSince: 0 });
      await inbox.claim({ workerId: "w", limit: 1, now: T0, leaseMs: LEASE });
      expect(await inbox.stats()).toEqual({
        counts: { pending: 1, running: 1, done: 0, dead: 0 },
        oldestUnfinishedReceivedAt: T0,
      });
      await inbox.settle(old.id, "w", { status: "done", now: T0 + 60 });
      expect((await inbox.stats()).oldestUnfinishedReceivedAt).toBe(T0 + 50);
    });
  });

  describe("waitForWork", () => {
    it("wakes an idle worker within milliseconds when another process accepts", async () => {
      const worker = otherInbox();
      // The first wait subscribes; give it its connection before timing the next one.
      await worker.waitForWork?.(50, new AbortController().signal);
      const started = performance.now();
      const woken = worker.waitForWork?.(5000, new AbortController().signal);
      setTimeout(() => void inbox.accept(newDelivery(), { retainSince: 0 }), 20);
      await woken;
      expect(performance.now() - started).toBeLessThan(1000);
      await worker.close();
    });

    it("resolves on its timeout, and at once when aborted", async () => {
      const started = performance.now();
      await inbox.waitForWork?.(80, new AbortController().signal);
      expect(performance.now() - started).toBeGreaterThanOrEqual(70);
      const abort = new AbortController();
      const waiting = inbox.waitForWork?.(60_000, abort.signal);
      abort.abort();
      await waiting;
      expect(performance.now() - started).toBeLessThan(5000);
    });
  });

  describe("close", () => {
    it("leaves the app's client open, and closes a client it made itself", async () => {
      await inbox.close();
      expect(await client.ping()).toBe("PONG");
      const own = redisInbox({ connection: redisUrl, prefix });
      await own.accept(newDelivery(), { retainSince: 0 });
      await own.close();
      await expect(own.stats()).rejects.toThrow();
      inbox = open();
    });
  });
});
