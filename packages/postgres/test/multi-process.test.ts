// Two receivers (Fastify and Koa) and three workers as child processes on one database, all through
// a loopback proxy of the test's own: 10 000 signed deliveries at 50 concurrent, 10% byte-identical
// duplicates sent to the other receiver, 1% forged; a worker killed -9 twice, a receiver once, and
// the database cut for 5 s. Every unique valid delivery's handlers must all succeed, exactly once in
// effect, and a handler may have run again only where its run was cut: its process killed, or its
// transaction cut by the outage.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { expect, it } from "vitest";
import { type Child, startChild } from "./support/child.js";
import { createTestInbox, describePostgres, POSTGRES_URL } from "./support/postgres.js";
import { type Send, sendAll } from "./support/sender.js";
import { startTcpProxy } from "./support/tcp-proxy.js";

const TOTAL = 10_000;
const FORGED = TOTAL / 100;
const DUPLICATES = TOTAL / 10;
const UNIQUE = TOTAL - FORGED - DUPLICATES;
const HANDLERS = ["apply", "audit"];
const OUTAGE_MS = 5_000;
const secret = "whsec_multi_process";

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

async function buildSends(): Promise<Send[]> {
  const sends: Send[] = [];
  for (let i = 0; i < UNIQUE; i++) {
    const { body, headers } = await createTestDelivery({
      topic: "end_user.processed",
      secret,
      data: { heron_id: `eus_${i}`, end_user_id: `user-${i}`, status: "processed" },
    });
    sends.push({ receiver: i % 2, body, signature: headers["heron-signature"], expect: 200 });
  }
  // Byte-identical copies of some of them, to the other receiver.
  for (const original of shuffle([...sends]).slice(0, DUPLICATES)) {
    sends.push({ ...original, receiver: 1 - original.receiver });
  }
  for (let i = 0; i < FORGED; i++) {
    const { body, headers } = await createTestDelivery({
      topic: "end_user.processed",
      secret: "whsec_not_the_secret",
      data: { heron_id: `eus_forged_${i}`, end_user_id: `forged-${i}`, status: "processed" },
    });
    sends.push({ receiver: i % 2, body, signature: headers["heron-signature"], expect: 401 });
  }
  return shuffle(sends);
}

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
    const children = new Set<Child>();
    const killed = new Set<number>();
    const targets: (string | undefined)[] = [undefined, undefined];
    let outage: { from: number; to: number } | undefined;

    const startReceiver = async (index: number) => {
      const child = startChild("receiver-child.mjs", [
        index === 0 ? "fastify" : "koa",
        viaProxy,
        inbox.schema,
        secret,
      ]);
      children.add(child);
      const { listening } = (await child.next(
        (m) => typeof (m as { listening?: number }).listening === "number",
      )) as {
        listening: number;
      };
      targets[index] = `http://127.0.0.1:${listening}/webhooks/heron`;
      return child;
    };
    const startWorker = async () => {
      const child = startChild("worker-child.mjs", [viaProxy, inbox.schema, secret, runsLog]);
      children.add(child);
      await child.next((m) => typeof (m as { working?: number }).working === "number");
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
          async () => {
            await kill(workers[0] as Child);
            workers[0] = await startWorker();
          },
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
          async () => {
            await kill(workers[1] as Child);
            workers[1] = await startWorker();
          },
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
      const faultFailed = new AbortController();
      const counts = await sendAll({
        signal: faultFailed.signal,
        sends,
        targets: () => targets,
        concurrency: 50,
        deadline: started + 400_000,
        onProgress(done) {
          if (process.env.HERON_DEBUG && done % 500 === 0)
            console.error(`${done} acknowledged after ${Date.now() - started} ms`);
          const fault = at.get(done);
          if (fault) faults.push(fault().catch((error: unknown) => faultFailed.abort(error)));
        },
      });
      await Promise.all(faults);
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
      const runs = new Map<string, { at: number; pid: number }[]>();
      for (const line of readFileSync(runsLog, "utf8").split("\n")) {
        if (!line) continue;
        const [at, pid, id, handler] = line.split(" ");
        const key = `${id} ${handler}`;
        runs.set(key, [...(runs.get(key) ?? []), { at: Number(at), pid: Number(pid) }]);
      }
      let rerunsAfterKill = 0;
      let rerunsAfterOutage = 0;
      const unexplained: string[] = [];
      for (const [key, attempts] of runs) {
        const committer = committedBy.get(key);
        // The committing process's last run of the handler is the one that committed: none runs after it.
        const committed = attempts.map((run) => run.pid).lastIndexOf(committer ?? -1);
        attempts.forEach((run, index) => {
          if (index === committed) return;
          if (killed.has(run.pid)) rerunsAfterKill += 1;
          else if (outage && run.at >= outage.from - 2_000 && run.at <= outage.to)
            rerunsAfterOutage += 1;
          else
            unexplained.push(
              `${key}: run by ${run.pid} at ${run.at - started} ms (outage ${outage && outage.from - started}-${outage && outage.to - started} ms), committed by ${committer}`,
            );
        });
      }
      expect(runs.size).toBe(UNIQUE * HANDLERS.length);
      expect(unexplained).toEqual([]);

      console.log(
        [
          "postgres multi-process test:",
          `  sent ${counts.sent} (${UNIQUE} unique valid, ${DUPLICATES} duplicates to the other receiver, ${FORGED} forged)`,
          `  answered 200: ${counts.answered[200]}, 401: ${counts.answered[401]}; retried ${counts.retried} (no answer ${counts.noAnswer}, the rest 503)`,
          `  killed -9: 2 workers, 1 receiver; database cut for ${OUTAGE_MS / 1000} s`,
          `  stored ${UNIQUE}, forged stored 0; effects ${effects.rows.length} (${HANDLERS.length} handlers x ${UNIQUE}), none twice`,
          `  handler runs ${[...runs.values()].reduce((n, a) => n + a.length, 0)}: re-runs after a kill ${rerunsAfterKill}, after the outage ${rerunsAfterOutage}, unexplained 0`,
          `  all acknowledged in ${(acknowledgedMs / 1000).toFixed(1)} s, all handled in ${(finishedMs / 1000).toFixed(1)} s`,
        ].join("\n"),
      );
    } finally {
      await Promise.all([...children].map((child) => child.kill9()));
      await proxy.close();
      await inbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
