// Two receivers (Fastify and Koa) and three workers as child processes on one database, all through
// a loopback proxy of the test's own: 10 000 signed deliveries at 50 concurrent, 10% byte-identical
// duplicates sent to the other receiver, 1% forged; a worker killed -9 twice, a receiver once, and
// the database cut for 5 s. Every unique valid delivery's handlers must all succeed, exactly once in
// effect, and a handler may have run again only where its run was cut: its process killed, or its
// transaction cut by the outage.
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
import { expect, it } from "vitest";
import { startChild } from "./support/child.js";
import { createTestInbox, describePostgres, POSTGRES_URL } from "./support/postgres.js";
import { startTcpProxy } from "./support/tcp-proxy.js";

const TOTAL = 10_000;
const FORGED = TOTAL / 100;
const DUPLICATES = TOTAL / 10;
const UNIQUE = TOTAL - FORGED - DUPLICATES;
const HANDLERS = ["apply", "audit"];
const OUTAGE_MS = 5_000;
const secret = "whsec_multi_process";

describePostgres("many receivers and workers on one PostgreSQL", () => {
  it("delivers every unique valid delivery's handlers once in effect through kills and an outage", async () => {
    const inbox = await createTestInbox();
    await inbox.pool.query(
      "CREATE TABLE effects (delivery_id text NOT NULL, handler text NOT NULL, pid integer NOT NULL)",
    );
    const target = new URL(POSTGRES_URL);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    target.port = String(proxy.port);
    const viaProxy = target.toString();
    const dir = mkdtempSync(join(tmpdir(), "heron-pg-multi-"));
    const runsLog = join(dir, "runs.log");
    writeFileSync(runsLog, "");
    let cluster: Cluster | undefined;

    try {
      cluster = await startCluster({
        async startReceiver(index) {
          const child = startChild("receiver-child.mjs", [
            index === 0 ? "fastify" : "koa",
            viaProxy,
            inbox.schema,
            secret,
          ]);
          const port = await child.waitFor<number>("port");
          return { child, url: `http://127.0.0.1:${port}/webhooks/heron` };
        },
        async startWorker() {
          const child = startChild("worker-child.mjs", [viaProxy, inbox.schema, secret, runsLog]);
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
        deadline: started + 400_000,
        onProgress(done) {
          if (process.env.HERON_DEBUG && done % 500 === 0)
            console.error(`${done} acknowledged after ${Date.now() - started} ms`);
          cluster?.onProgress(done);
        },
      });
      await cluster.settled();
      const acknowledgedMs = Date.now() - started;

      // The workers finish what was acknowledged: wait while they make progress.
      let stats = await inbox.store.stats();
      for (
        let last = -1, since = Date.now();
        stats.counts.done < UNIQUE && Date.now() - since < 30_000;
      ) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        stats = await inbox.store.stats();
        if (stats.counts.done !== last) [last, since] = [stats.counts.done, Date.now()];
      }
      const finishedMs = Date.now() - started;
      expect(stats.counts).toEqual({ pending: 0, running: 0, done: UNIQUE, dead: 0 });

      // Nothing forged was stored, and each unique body once.
      const stored = await inbox.pool.query<{ n: number; forged: number; keys: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE convert_from(body, 'UTF8') LIKE '%forged%')::int AS forged,
          count(DISTINCT key)::int AS keys FROM heron_inbox`,
      );
      expect(stored.rows[0]).toEqual({ n: UNIQUE, forged: 0, keys: UNIQUE });

      // Every handler's effect committed exactly once per delivery.
      const effects = await inbox.pool.query<{
        delivery_id: string;
        handler: string;
        pid: number;
        n: number;
      }>(
        "SELECT delivery_id, handler, min(pid) AS pid, count(*)::int AS n FROM effects GROUP BY delivery_id, handler",
      );
      expect(effects.rows.length).toBe(UNIQUE * HANDLERS.length);
      expect(effects.rows.filter((row) => row.n !== 1)).toEqual([]);

      // Each run that did not commit was cut: its process killed, or its transaction cut by the outage.
      const committedBy = new Map(
        effects.rows.map((row) => [`${row.delivery_id} ${row.handler}`, row.pid]),
      );
      const { runs } = readRuns(runsLog);
      const outage = cluster.outage();
      const reruns = tallyReruns(runs, {
        killed: cluster.killed,
        // The committing process's last run of the handler is the one that committed: none runs after it.
        counted: (key, attempts) =>
          attempts.map((run) => run.pid).lastIndexOf(committedBy.get(key) ?? -1),
        cutByOutage: (run) =>
          outage !== undefined && run.at >= outage.from - 2_000 && run.at <= outage.to,
        describe: (key, run) =>
          `${key}: run by ${run.pid} at ${run.at - started} ms (outage ${outage && outage.from - started}-${outage && outage.to - started} ms), committed by ${committedBy.get(key)}`,
      });
      expect(runs.size).toBe(UNIQUE * HANDLERS.length);
      expect(reruns.unexplained).toEqual([]);

      console.log(
        [
          "postgres multi-process test:",
          `  sent ${counts.sent} (${UNIQUE} unique valid, ${DUPLICATES} duplicates to the other receiver, ${FORGED} forged)`,
          `  answered 200: ${counts.answered[200]}, 401: ${counts.answered[401]}; retried ${counts.unavailable + counts.noAnswer} (no answer ${counts.noAnswer}, the rest 503)`,
          `  killed -9: 2 workers, 1 receiver; database cut for ${OUTAGE_MS / 1000} s`,
          `  stored ${UNIQUE}, forged stored 0; effects ${effects.rows.length} (${HANDLERS.length} handlers x ${UNIQUE}), none twice`,
          `  handler runs ${reruns.total}: re-runs after a kill ${reruns.afterKill}, after the outage ${reruns.afterOutage}, unexplained 0`,
          `  all acknowledged in ${(acknowledgedMs / 1000).toFixed(1)} s, all handled in ${(finishedMs / 1000).toFixed(1)} s`,
        ].join("\n"),
      );
    } finally {
      await cluster?.close();
      await proxy.close();
      await inbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
