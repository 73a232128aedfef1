// What only a shared engine brings: stores on separate pools (as separate processes would have)
// share one table, claim without overlap, and wake each other's idle workers through LISTEN/NOTIFY.
import { postgresInbox } from "@heron-webhooks/postgres";
import type pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { newDelivery } from "./support/deliveries.js";
import { createTestInbox, describePostgres, type TestInbox, testPool } from "./support/postgres.js";

describePostgres("stores on separate pools, one table", () => {
  let inbox: TestInbox;
  let otherPool: pg.Pool;
  let other: ReturnType<typeof postgresInbox>;
  beforeEach(async () => {
    inbox = await createTestInbox();
    otherPool = testPool(undefined, 4);
    other = postgresInbox({ pool: otherPool, schema: inbox.schema });
  });
  afterEach(async () => {
    await other.close();
    await otherPool.end();
    await inbox.close();
  });

  it("concurrent claims from both never take one delivery twice, and take every due one", async () => {
    const ids = await Promise.all(
      Array.from(
        { length: 120 },
        async () => (await inbox.store.accept(newDelivery(), { retainSince: 0 })).id,
      ),
    );
    const claimedBy = new Map<string, string>();
    const drain = async (store: typeof other, workerId: string) => {
      for (;;) {
        const batch = await store.claim({ workerId, limit: 7, now: 2_000, leaseMs: 60_000 });
        if (batch.length === 0) return;
        for (const delivery of batch) {
          expect(claimedBy.get(delivery.id), `${delivery.id} claimed twice`).toBeUndefined();
          claimedBy.set(delivery.id, workerId);
        }
      }
    };
    await Promise.all([
      drain(inbox.store, "a1"),
      drain(inbox.store, "a2"),
      drain(other, "b1"),
      drain(other, "b2"),
    ]);
    expect([...claimedBy.keys()].sort()).toEqual([...ids].sort());
    expect(new Set(claimedBy.values()).size).toBeGreaterThan(1);
  });

  it("an idle worker's waitForWork wakes on an accept made through another pool, within milliseconds", async () => {
    const idle = new AbortController();
    // The first wait starts the LISTEN connection; give it a moment to be up.
    await other.waitForWork(200, idle.signal);
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const woken = other.waitForWork(10_000, idle.signal).then(() => performance.now());
      await new Promise((resolve) => setTimeout(resolve, 5));
      const sent = performance.now();
      await inbox.store.accept(newDelivery(), { retainSince: 0 });
      latencies.push((await woken) - sent);
    }
    latencies.sort((a, b) => a - b);
    const median = latencies[10] ?? Number.NaN;
    console.log(
      `waitForWork wake-up after an accept on another pool: median ${median.toFixed(1)} ms, max ${latencies.at(-1)?.toFixed(1)} ms (20 accepts)`,
    );
    // Bounded far below the 10 s timeout: the wake-up came from the notification, not a poll.
    expect(latencies.at(-1)).toBeLessThan(2_000);
    idle.abort();
  });

  it("replay wakes idle workers too; a duplicate accept does not", async () => {
    const idle = new AbortController();
    await other.waitForWork(200, idle.signal);
    const { id } = await inbox.store.accept(newDelivery({ key: "k" }), { retainSince: 0 });
    await other.waitForWork(200, idle.signal); // takes the accept's notification
    const [claimed] = await inbox.store.claim({
      workerId: "w",
      limit: 1,
      now: 2_000,
      leaseMs: 1_000,
    });
    await inbox.store.settle(claimed?.id ?? "", "w", { status: "done", now: 2_001 });

    const afterDuplicate = other.waitForWork(400, idle.signal).then(() => performance.now());
    const started = performance.now();
    expect(await inbox.store.accept(newDelivery({ key: "k" }), { retainSince: 0 })).toEqual({
      id,
      duplicate: true,
    });
    expect((await afterDuplicate) - started).toBeGreaterThanOrEqual(350);

    const afterReplay = other.waitForWork(10_000, idle.signal).then(() => "woken");
    expect(await inbox.store.replay(id, 3_000)).toBe(true);
    expect(await afterReplay).toBe("woken");
    idle.abort();
  });

  it("a LISTEN connection the server dropped is replaced, and wakes workers again", async () => {
    const idle = new AbortController();
    const listen = `LISTEN "heron_inbox.${inbox.schema}.heron_inbox"`;
    const listeners = async () =>
      (
        await inbox.pool.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1 AND state = 'idle'",
          [listen],
        )
      ).rows[0]?.n;
    await other.waitForWork(200, idle.signal);
    await expect.poll(listeners, { timeout: 5_000 }).toBe(1);
    await inbox.pool.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = $1",
      [listen],
    );
    // Waiting workers keep waiting (or polling) while it reconnects; it never throws.
    await expect
      .poll(
        async () => {
          await other.waitForWork(100, idle.signal);
          return listeners();
        },
        { timeout: 10_000, interval: 50 },
      )
      .toBe(1);
    await other.waitForWork(100, idle.signal); // the wake-up that reconnecting gives

    let wokenEarly = true;
    const woken = other.waitForWork(10_000, idle.signal).then(() => performance.now());
    await new Promise((resolve) => setTimeout(resolve, 100));
    void Promise.race([woken, Promise.resolve(undefined)]).then((value) => {
      wokenEarly = value !== undefined;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(wokenEarly).toBe(false);
    const sent = performance.now();
    await inbox.store.accept(newDelivery(), { retainSince: 0 });
    expect((await woken) - sent).toBeLessThan(2_000);
    idle.abort();
  });
});
