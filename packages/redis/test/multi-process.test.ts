// Two receivers (Fastify and Koa) and three workers as child processes on one Redis, all through a
// loopback proxy of the test's own: 10 000 signed deliveries at 50 concurrent, 10% byte-identical
// duplicates sent to the other receiver, 1% forged; a worker killed -9 twice, a receiver once, and
// Redis cut away for 5 s. Every unique valid delivery's handlers must all succeed, nothing forged
// is stored, and a handler runs again only where its run was cut: its process killed, or its
// "done" lost to the outage.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildSends,
  type Cluster,
  readRuns,
  sendAll,
  startCluster,
  tallyReruns,
} from "@heron-webhooks/inbox-test-kit";
import { redisInbox } from "@heron-webhooks/redis";
import type { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { startChild } from "./multi-process/child.js";
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

describe.skipIf(!redisAvailable)("many receivers and workers on one Redis", () => {
  it("runs every unique valid delivery's handlers through kills and an outage", async () => {
    const direct = majors[1].connect();
    const prefix = uniquePrefix("multi");
    const inbox = redisInbox({ connection: direct as unknown as Redis, prefix });
    const proxy = await startRedisProxy();
    const dir = mkdtempSync(join(tmpdir(), "heron-redis-multi-"));
    const runsLog = join(dir, "runs.log");
    writeFileSync(runsLog, "");
    let cluster: Cluster | undefined;

    try {
      cluster = await startCluster({
        async startReceiver(index) {
          const framework = index === 0 ? "fastify" : "koa";
          const child = startChild("receiver.mjs", [framework, proxy.url, prefix, secret]);
          const port = await child.waitFor<number>("port");
          return { child, url: `http://127.0.0.1:${port}/webhooks/heron` };
        },
        async startWorker() {
          const child = startChild("worker.mjs", [
            proxy.url,
            prefix,
            secret,
            runsLog,
            String(LEASE_MS),
          ]);
          await child.waitFor("working");
          return child;
        },
        cut: () => proxy.cut(),
        restore: () => proxy.restore(),
        outageMs: OUTAGE_MS,
      });
      const sends = await buildSends({
        unique: UNIQUE,
        duplicates: DUPLICATES,
        forged: FORGED,
        secret,
      });
      const started = Date.now();
      const counts = await sendAll({
        signal: cluster.signal,
        sends,
        targets: cluster.targets,
        concurrency: 50,
        deadline: started + 150_000,
        onProgress: (sent) => cluster?.onProgress(sent),
      });
      await cluster.settled();
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
      const { runs, marks } = readRuns(runsLog);
      const outage = cluster.outage();
      // When each worker's connection was back after the outage: ioredis retries on a growing
      // pause, so a worker can still be cut off for a while after Redis returned.
      const backAt = new Map<number, number>();
      for (const mark of marks) {
        if (outage && mark.at >= outage.to && !backAt.has(mark.pid)) backAt.set(mark.pid, mark.at);
      }
      expect(runs.size).toBe(UNIQUE * HANDLERS.length);
      const reruns = tallyReruns(runs, {
        killed: cluster.killed,
        // Every run but the last was cut somehow.
        counted: (_key, attempts) => attempts.length - 1,
        cutByOutage: (run) =>
          outage !== undefined &&
          run.at >= outage.from - LEASE_MS &&
          run.at <= (backAt.get(run.pid) ?? outage.to),
        describe: (key, _run, attempts) => {
          const at = (r: { at: number; pid: number }) => `${r.pid}@${r.at - (outage?.from ?? 0)}`;
          return `${key}: runs (pid@ms from the outage) ${attempts.map(at).join(", ")}`;
        },
      });
      expect(reruns.unexplained).toEqual([]);

      console.log(
        [
          "redis multi-process test:",
          `  sent ${counts.sent} (${UNIQUE} unique valid, ${DUPLICATES} duplicates to the other receiver, ${FORGED} forged)`,
          `  answered 200: ${counts.answered[200]}, 401: ${counts.answered[401]}; tried again: ${counts.unavailable} after a 503, ${counts.noAnswer} after no answer`,
          `  killed -9: 2 workers, 1 receiver; Redis cut for ${OUTAGE_MS / 1000} s`,
          `  stored ${stored}, forged stored ${forgedStored}, done ${UNIQUE} with ${HANDLERS.join(" + ")}`,
          `  handler runs ${reruns.total} for ${runs.size}: again after a kill ${reruns.afterKill}, after the outage ${reruns.afterOutage}, unexplained 0`,
          `  all acknowledged in ${(acknowledgedMs / 1000).toFixed(1)} s, all handled in ${(handledMs / 1000).toFixed(1)} s`,
        ].join("\n"),
      );
    } finally {
      await cluster?.close();
      await proxy.close();
      await inbox.close();
      await deleteKeys(direct, prefix);
      await direct.quit();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
