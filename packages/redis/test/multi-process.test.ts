// Two receivers (Fastify and Koa) and three workers as child processes on one Redis, all through a
// loopback proxy of the test's own: 10 000 signed deliveries at 50 concurrent, 10% byte-identical
// duplicates sent to the other receiver, 1% forged; a worker killed -9 twice, a receiver once, and
// Redis cut away for 5 s. Every unique valid delivery's handlers must all succeed, nothing forged
// is stored, and a handler runs again only where its run was cut: its process killed, or its
// "done" lost to the outage.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { redisInbox } from "@heron-webhooks/redis";
import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { type Child, startChild } from "./multi-process/child.js";
import { type Send, sendAll } from "./multi-process/sender.js";
import { startRedisProxy } from "./support/proxy.js";
import { deleteKeys, keysUnder, majors, redisAvailable, uniquePrefix } from "./support/redis.js";

const TOTAL = 10_000;
const FORGED = TOTAL / 100;
const DUPLICATES = TOTAL / 10;
const UNIQUE = TOTAL - FORGED - DUPLICATES;
const HANDLERS = ["apply", "audit"];
const OUTAGE_MS = 5_000;
// The workers' lease: a run cut by a kill or the outage runs again once it has ended. Long enough
// that a worker starved of CPU on a busy 2-core machine still extends it in time.
const LEASE_MS = 10_000;
const secret = "whsec_redis_multi_process";

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

async function delivery(secretUsed: string, heronId: string) {
  const { body, headers } = await createTestDelivery({
    topic: "end_user.processed",
    secret: secretUsed,
    data: { heron_id: heronId, end_user_id: heronId, status: "processed" },
  });
  return { body, signature: headers["heron-signature"] as string };
}

async function buildSends(): Promise<Send[]> {
  const sends: Send[] = [];
  for (let i = 0; i < UNIQUE; i += 1) {
    sends.push({ receiver: i % 2, ...(await delivery(secret, `eus_${i}`)), expect: 200 });
  }
  for (const original of shuffle([...sends]).slice(0, DUPLICATES)) {
    sends.push({ ...original, receiver: 1 - original.receiver });
  }
  for (let i = 0; i < FORGED; i += 1) {
    const forged = await delivery("whsec_not_the_secret", `eus_forged_${i}`);
    sends.push({ receiver: i % 2, ...forged, expect: 401 });
  }
  return shuffle(sends);
}

describe.skipIf(!redisAvailable)("many receivers and workers on one Redis", () => {
  it("runs every unique valid delivery's handlers through kills and an outage", async () => {
    const direct = majors[1].connect();
    const prefix = uniquePrefix("multi");
    const inbox = redisInbox({ connection: direct as unknown as Redis, prefix });
    const proxy = await startRedisProxy();
    const dir = mkdtempSync(join(tmpdir(), "heron-redis-multi-"));
    const runsLog = join(dir, "runs.log");
    writeFileSync(runsLog, "");
    const children = new Set<Child>();
    const killed = new Set<number>();
    const targets: (string | undefined)[] = [undefined, undefined];
    let outage: { from: number; to: number } | undefined;

    const startReceiver = async (index: number) => {
      const framework = index === 0 ? "fastify" : "koa";
      const child = startChild("receiver.mjs", [framework, proxy.url, prefix, secret]);
      children.add(child);
      targets[index] = `http://127.0.0.1:${await child.waitFor<number>("port")}/webhooks/heron`;
      return child;
    };
    const startWorker = async () => {
      const child = startChild("worker.mjs", [
        proxy.url,
        prefix,
        secret,
        runsLog,
        String(LEASE_MS),
      ]);
      children.add(child);
      await child.waitFor("working");
      return child;
    };
    const kill = async (child: Child) => {
      if (child.process.pid) killed.add(child.process.pid);
      await child.kill9();
      children.delete(child);
    };

    try {
      const receivers = await Promise.all([startReceiver(0), startReceiver(1)]);
      const workers = await Promise.all([startWorker(), startWorker(), startWorker()]);
      const sends = await buildSends();

      const faults: Promise<unknown>[] = [];
      const at = new Map<number, () => Promise<unknown>>([
        [
          1_500,
          async () =>
            kill(workers[0] as Child).then(async () => (workers[0] = await startWorker())),
        ],
        [
          3_000,
          async () => {
            targets[0] = undefined;
            await kill(receivers[0] as Child);
            receivers[0] = await startReceiver(0);
          },
        ],
        [
          4_500,
          async () =>
            kill(workers[1] as Child).then(async () => (workers[1] = await startWorker())),
        ],
        [
          6_000,
          async () => {
            const from = Date.now();
            await proxy.cut();
            await new Promise((resolve) => setTimeout(resolve, OUTAGE_MS));
            await proxy.restore();
            outage = { from, to: Date.now() };
          },
        ],
      ]);
      const started = Date.now();
      const counts = await sendAll({
        sends,
        targets: () => targets,
        concurrency: 50,
        deadline: started + 150_000,
        onProgress(sent) {
          const fault = at.get(sent);
          if (fault) faults.push(fault());
        },
      });
      await Promise.all(faults);
      const acknowledgedMs = Date.now() - started;

      await expect
        .poll(async () => (await inbox.stats()).counts.done, { timeout: 90_000, interval: 500 })
        .toBe(UNIQUE);
      const handledMs = Date.now() - started;
      expect((await inbox.stats()).counts).toEqual({
        pending: 0,
        running: 0,
        done: UNIQUE,
        dead: 0,
      });

      // Nothing forged stored; each unique body once, every handler recorded on it.
      const stored = (await keysUnder(direct, `${prefix}d:`)).length;
      expect(stored).toBe(UNIQUE);
      expect(await direct.hlen(`${prefix}keys`)).toBe(UNIQUE);
      let forgedStored = 0;
      let cursor: string | undefined;
      do {
        const page = await inbox.list({ limit: 1000, cursor });
        for (const d of page.deliveries) {
          if (new TextDecoder().decode(d.body).includes("forged")) forgedStored += 1;
          expect([...d.doneHandlers].sort()).toEqual(HANDLERS);
        }
        cursor = page.nextCursor;
      } while (cursor);
      expect(forgedStored).toBe(0);

      // A handler ran again only where its earlier run was cut: by a kill -9, or by the outage
      // (run while Redis was away, or its "done" lost to it, so it ran again after the lease).
      const runs = new Map<string, { at: number; pid: number }[]>();
      // When each worker's connection was back after the outage: ioredis retries on a growing
      // pause, so a worker can still be cut off for a while after Redis returned.
      const backAt = new Map<number, number>();
      for (const line of readFileSync(runsLog, "utf8").split("\n")) {
        if (!line) continue;
        const [at, pid, id, handler] = line.split(" ");
        if (id === "-") {
          if (outage && Number(at) >= outage.to && !backAt.has(Number(pid))) {
            backAt.set(Number(pid), Number(at));
          }
          continue;
        }
        const key = `${id} ${handler}`;
        runs.set(key, [...(runs.get(key) ?? []), { at: Number(at), pid: Number(pid) }]);
      }
      expect(runs.size).toBe(UNIQUE * HANDLERS.length);
      let afterKill = 0;
      let afterOutage = 0;
      const unexplained: string[] = [];
      for (const [key, attempts] of runs) {
        // Every run but the last was cut somehow.
        for (const run of attempts.slice(0, -1)) {
          if (killed.has(run.pid)) afterKill += 1;
          else if (
            outage &&
            run.at >= outage.from - LEASE_MS &&
            run.at <= (backAt.get(run.pid) ?? outage.to)
          )
            afterOutage += 1;
          else {
            const at = (r: { at: number; pid: number }) => `${r.pid}@${r.at - (outage?.from ?? 0)}`;
            unexplained.push(
              `${key}: runs (pid@ms from the outage) ${attempts.map(at).join(", ")}`,
            );
          }
        }
      }
      expect(unexplained).toEqual([]);
      const totalRuns = [...runs.values()].reduce((n, a) => n + a.length, 0);

      console.log(
        [
          "redis multi-process test:",
          `  sent ${counts.sent} (${UNIQUE} unique valid, ${DUPLICATES} duplicates to the other receiver, ${FORGED} forged)`,
          `  answered 200: ${counts.ok}, 401: ${counts.refused}; tried again: ${counts.unavailable} after a 503, ${counts.noAnswer} after no answer`,
          `  killed -9: 2 workers, 1 receiver; Redis cut for ${OUTAGE_MS / 1000} s`,
          `  stored ${stored}, forged stored ${forgedStored}, done ${UNIQUE} with ${HANDLERS.join(" + ")}`,
          `  handler runs ${totalRuns} for ${runs.size}: again after a kill ${afterKill}, after the outage ${afterOutage}, unexplained 0`,
          `  all acknowledged in ${(acknowledgedMs / 1000).toFixed(1)} s, all handled in ${(handledMs / 1000).toFixed(1)} s`,
        ].join("\n"),
      );
    } finally {
      await Promise.all([...children].map((child) => child.kill9()));
      await proxy.close();
      await inbox.close();
      await deleteKeys(direct, prefix);
      await direct.quit();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
