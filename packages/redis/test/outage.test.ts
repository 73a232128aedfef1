// Redis going away and coming back, through a loopback proxy of this test's own: while it is away
// accept() rejects promptly (core answers 503 and the sender retries), nothing accepted before is
// lost, and the same inbox (and its idle workers) carry on by themselves once it is back.
import { type RedisInbox, redisInbox } from "@heron-webhooks/redis";
import type { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { newDelivery } from "./support/deliveries.js";
import { type RedisProxy, startRedisProxy } from "./support/proxy.js";
import {
  deleteKeys,
  majors,
  type RedisClient,
  redisAvailable,
  uniquePrefix,
} from "./support/redis.js";

const T0 = 1_000_000;

async function eventually<T>(attempt: () => Promise<T>, withinMs = 20_000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

interface OutageCase {
  name: string;
  open(url: string, prefix: string): { inbox: RedisInbox; client?: RedisClient };
}

const cases: OutageCase[] = [
  {
    name: "a client the inbox makes from a URL",
    open: (url, prefix) => ({ inbox: redisInbox({ connection: url, prefix }) }),
  },
  ...majors.map(({ name, connect }) => ({
    name: `the app's ${name} client with maxRetriesPerRequest: 1`,
    open: (url: string, prefix: string) => {
      const client = connect({ url, maxRetriesPerRequest: 1 });
      client.on("error", () => {});
      return { inbox: redisInbox({ connection: client as unknown as Redis, prefix }), client };
    },
  })),
];

describe.skipIf(!redisAvailable).each(cases)("a Redis outage, with $name", ({ open }) => {
  let proxy: RedisProxy | undefined;
  let direct: RedisClient | undefined;
  let prefix = "";
  const cleanup: (() => Promise<unknown>)[] = [];

  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => {});
    await proxy?.close();
    if (direct) {
      await deleteKeys(direct, prefix);
      await direct.quit();
    }
  });

  it("rejects at once while Redis is away, loses nothing, and resumes by itself", async () => {
    proxy = await startRedisProxy();
    prefix = uniquePrefix("outage");
    direct = majors[1].connect();
    const { inbox, client } = open(proxy.url, prefix);
    cleanup.push(() => inbox.close());
    if (client) cleanup.push(() => client.quit());
    const elsewhere: RedisInbox = redisInbox({ connection: direct as unknown as Redis, prefix });
    cleanup.push(() => elsewhere.close());

    const before = newDelivery({ receivedAt: T0 });
    expect(await inbox.accept(before, { retainSince: 0 })).toMatchObject({ duplicate: false });
    // An idle worker subscribed through the proxy.
    await inbox.waitForWork?.(50, new AbortController().signal);

    await proxy.cut();
    const during = newDelivery({ receivedAt: T0 + 1 });
    const started = performance.now();
    await expect(inbox.accept(during, { retainSince: 0 })).rejects.toThrow();
    await expect(
      inbox.claim({ workerId: "w", limit: 1, now: T0 + 1, leaseMs: 1000 }),
    ).rejects.toThrow();
    // Well within the sender's own 10 s timeout: it gets a 503 and retries later.
    expect(performance.now() - started).toBeLessThan(5000);

    await proxy.restore();
    // The sender's retry of the delivery that got a 503 is accepted once Redis is back.
    expect(await eventually(() => inbox.accept(during, { retainSince: 0 }))).toEqual({
      id: during.id,
      duplicate: false,
    });
    expect((await inbox.get(before.id))?.status).toBe("pending");
    expect((await inbox.stats()).counts.pending).toBe(2);

    // The idle worker's subscription came back too: another process's accept wakes it.
    await eventually(async () => {
      const woken = inbox.waitForWork?.(3000, new AbortController().signal);
      const started = performance.now();
      await elsewhere.accept(newDelivery({ receivedAt: T0 + 2 }), { retainSince: 0 });
      await woken;
      if (performance.now() - started > 2000) throw new Error("not woken by the accept");
    });
    const claimed = await inbox.claim({ workerId: "w", limit: 10, now: T0 + 10, leaseMs: 1000 });
    expect(claimed.map((d) => d.id)).toEqual(expect.arrayContaining([before.id, during.id]));
  });
});
