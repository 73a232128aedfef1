// A database that goes away, cut by a loopback proxy of this test's own (the real server keeps
// running for everyone else): calls reject at once instead of hanging, nothing accepted is lost, and
// the store, its pool and its LISTEN connection come back by themselves.
import { createServer } from "node:http";
import { listenOnLoopback } from "@heron-webhooks/conformance";
import { createNodeHandler, createWebhooks } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { postgresInbox } from "@heron-webhooks/postgres";
import pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { newDelivery } from "./support/deliveries.js";
import {
  createTestInbox,
  describePostgres,
  POSTGRES_URL,
  type TestInbox,
} from "./support/postgres.js";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.js";

describePostgres("a PostgreSQL that goes away and comes back", () => {
  let direct: TestInbox;
  let proxy: TcpProxy;
  let pool: pg.Pool;
  let store: ReturnType<typeof postgresInbox>;
  beforeEach(async () => {
    direct = await createTestInbox();
    const url = new URL(POSTGRES_URL);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    pool = new pg.Pool({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
    // As the README asks of an app's pool: an idle connection the proxy cut must not crash the test.
    pool.on("error", () => {});
    store = postgresInbox({ pool, schema: direct.schema });
  });
  afterEach(async () => {
    await store.close();
    await pool.end();
    await proxy.close();
    await direct.close();
  });

  it("rejects while it is down, loses nothing it accepted, and resumes, LISTEN included", async () => {
    const idle = new AbortController();
    const before = await store.accept(newDelivery({ key: "before" }), { retainSince: 0 });
    await store.waitForWork(300, idle.signal); // LISTEN is up through the proxy

    await proxy.cut();
    const started = performance.now();
    await expect(
      store.accept(newDelivery({ key: "during" }), { retainSince: 0 }),
    ).rejects.toThrow();
    await expect(
      store.claim({ workerId: "w", limit: 5, now: 2_000, leaseMs: 1_000 }),
    ).rejects.toThrow();
    // Refused fast: a receiver answers 503 at once rather than holding Heron's request.
    expect(performance.now() - started).toBeLessThan(2_500);
    // An idle worker's wait neither throws nor spins while the database is away.
    await store.waitForWork(200, idle.signal);
    await store.waitForWork(200, idle.signal);

    await proxy.restore();
    await expect
      .poll(
        () =>
          store.accept(newDelivery({ key: "after" }), { retainSince: 0 }).then(
            () => "stored",
            () => "down",
          ),
        {
          timeout: 10_000,
        },
      )
      .toBe("stored");
    // What was accepted before is there; what got no answer was never stored (the sender retries it).
    expect(await store.get(before.id)).toMatchObject({ key: "before", status: "pending" });
    expect((await direct.store.list()).deliveries.map((d) => d.key).sort()).toEqual([
      "after",
      "before",
    ]);

    // LISTEN came back too: an accept elsewhere wakes this store's idle worker again.
    await expect
      .poll(
        async () => {
          const woken = store.waitForWork(3_000, idle.signal).then(() => "woken");
          await new Promise((resolve) => setTimeout(resolve, 50));
          await direct.store.accept(newDelivery(), { retainSince: 0 });
          return Promise.race([
            woken,
            new Promise((resolve) => setTimeout(() => resolve("timeout"), 1_000)),
          ]);
        },
        { timeout: 10_000, interval: 100 },
      )
      .toBe("woken");
    idle.abort();
  });

  it("a handler's transaction cut mid-run commits neither its write nor its success", async () => {
    await direct.pool.query("CREATE TABLE effects (value text NOT NULL)");
    const { id } = await store.accept(newDelivery(), { retainSince: 0 });
    await store.claim({ workerId: "w", limit: 1, now: 2_000, leaseMs: 60_000 });
    await expect(
      store.runHandlerAtomically(id, "w", "apply", 2_001, async (extras) => {
        const db = extras.db as pg.PoolClient;
        await db.query(`INSERT INTO "${direct.schema}".effects (value) VALUES ('cut')`);
        await proxy.cut();
      }),
    ).rejects.toThrow();
    await proxy.restore();
    expect((await direct.pool.query("SELECT value FROM effects")).rows).toEqual([]);
    expect((await direct.store.get(id))?.doneHandlers).toEqual([]);
    // The broken client was destroyed, not reused: the pool serves the next call.
    await expect
      .poll(
        () =>
          store.stats().then(
            (s) => s.counts.running,
            () => -1,
          ),
        { timeout: 10_000 },
      )
      .toBe(1);
  });

  it("over HTTP: a receiver answers 503 while it is down and 200 after; a worker pauses and resumes by itself", async () => {
    const secret = "whsec_outage";
    const ran: string[] = [];
    const webhooks = createWebhooks({ secret, inbox: store })
      .on("*", (event) => {
        ran.push((event.data as { heron_id: string }).heron_id);
      })
      .onError(() => {});
    const server = await listenOnLoopback(createServer(createNodeHandler(webhooks)));
    const worker = webhooks.startWorker({ concurrency: 2, pollIntervalMs: 100 });
    const post = async (heronId: string) => {
      const delivery = await createTestDelivery({
        topic: "end_user.processed",
        secret,
        data: { heron_id: heronId, end_user_id: "u", status: "processed" },
      });
      const response = await fetch(server.url, { method: "POST", ...delivery });
      return { status: response.status, body: await response.json() };
    };
    try {
      expect(await post("eus_before")).toEqual({ status: 200, body: { ok: true } });
      await expect.poll(() => ran, { timeout: 10_000 }).toEqual(["eus_before"]);

      await proxy.cut();
      expect(await post("eus_during")).toEqual({
        status: 503,
        body: { error: "INBOX_UNAVAILABLE" },
      });
      // The worker keeps failing to claim meanwhile, without a crash or an unhandled rejection.
      await new Promise((resolve) => setTimeout(resolve, 500));

      await proxy.restore();
      await expect
        .poll(async () => (await post("eus_after")).status, { timeout: 10_000 })
        .toBe(200);
      await expect.poll(() => ran, { timeout: 15_000 }).toEqual(["eus_before", "eus_after"]);
    } finally {
      await worker.stop();
      await server.close();
    }
  });
});
