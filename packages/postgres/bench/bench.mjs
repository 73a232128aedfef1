// `pnpm bench` for @heron-webhooks/postgres, against the real server at HERON_TEST_POSTGRES_URL:
// 1. acknowledged deliveries per second and p99 time to the 200, at 10 and 50 connections: our
//    Fastify adapter with the Postgres inbox against a hand-written Fastify route doing the same
//    verify and one INSERT … ON CONFLICT DO NOTHING. Runs alternate; the ratio is the median of the
//    per-pair ratios. Every request carries a body never sent before, so each one is a real insert.
// 2. worker throughput for a 5 ms handler with 1, 2 and 4 worker processes.
import { fork } from "node:child_process";
import { createHmac, randomBytes } from "node:crypto";
import { once } from "node:events";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { postgresInbox } from "../dist/index.js";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    pairs: { type: "string", default: "5" },
    deliveries: { type: "string", default: "2000" },
  },
});
const URL_ = process.env.HERON_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SECRET = "whsec_bench";
const schema = `heron_bench_${randomBytes(4).toString("hex")}`;
const admin = new pg.Pool({ connectionString: URL_, max: 4 });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
let counter = 0;
const run = randomBytes(4).toString("hex");

/** A signed end_user.processed body no request has sent before. */
function freshDelivery() {
  const body = JSON.stringify({
    topic: "end_user.processed",
    created: "2026-08-14T12:24:38.137886",
    data: { heron_id: `eus_${run}_${counter++}`, end_user_id: "bench", status: "processed" },
    meta: null,
  });
  return { body, signature: createHmac("sha256", SECRET).update(body).digest("base64") };
}

function start(script, args) {
  const child = fork(new URL(script, import.meta.url), args, { stdio: "inherit" });
  return {
    child,
    ready: Promise.race([
      once(child, "message").then(([message]) => message),
      once(child, "exit").then(([code]) => {
        throw new Error(`${script} exited with ${code}`);
      }),
    ]),
    async stop() {
      if (child.connected) child.disconnect();
      await Promise.race([once(child, "exit"), new Promise((r) => setTimeout(r, 5_000))]);
      child.kill("SIGKILL");
    },
  };
}

async function load(url, connections) {
  const result = await autocannon({
    url,
    method: "POST",
    connections,
    duration: Number(flags.seconds),
    requests: [
      {
        setupRequest(request) {
          const { body, signature } = freshDelivery();
          return {
            ...request,
            body,
            headers: { "content-type": "application/json", "heron-signature": signature },
          };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${url}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return { rps: result.requests.total / Number(flags.seconds), p99: result.latency.p99 };
}

async function receiverBench() {
  const rows = [];
  for (const connections of [10, 50]) {
    const heron = [];
    const hand = [];
    const ratios = [];
    for (let pair = 0; pair < Number(flags.pairs); pair++) {
      // Alternate which side goes first, so a drift in the machine's load favours neither.
      const order = pair % 2 === 0 ? ["hand", "heron"] : ["heron", "hand"];
      const got = {};
      for (const side of order) {
        const server = start("./receiver.mjs", [side, URL_, schema, SECRET]);
        const { port } = await server.ready;
        const url = `http://127.0.0.1:${port}/webhooks/heron`;
        await load(url, connections); // warm-up run, not counted
        got[side] = await load(url, connections);
        await server.stop();
      }
      heron.push(got.heron);
      hand.push(got.hand);
      ratios.push(got.heron.rps / got.hand.rps);
    }
    rows.push({
      connections,
      handRps: median(hand.map((r) => r.rps)),
      handP99: median(hand.map((r) => r.p99)),
      heronRps: median(heron.map((r) => r.rps)),
      heronP99: median(heron.map((r) => r.p99)),
      ratio: median(ratios),
    });
  }
  console.log(
    "\nReceiver: acknowledged deliveries per second (median of %s pairs of %s s runs)\n",
    flags.pairs,
    flags.seconds,
  );
  console.log(
    "| connections | hand-written Fastify + INSERT … ON CONFLICT | p99 | Fastify adapter + postgresInbox | p99 | ratio |",
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const r of rows) {
    console.log(
      `| ${r.connections} | ${r.handRps.toFixed(0)}/s | ${r.handP99} ms | ${r.heronRps.toFixed(0)}/s | ${r.heronP99} ms | ${r.ratio.toFixed(2)}× |`,
    );
  }
}

async function workerBench(store) {
  const total = Number(flags.deliveries);
  const rows = [];
  for (const workers of [1, 2, 4]) {
    await admin.query(`TRUNCATE "${schema}".heron_inbox`);
    for (let i = 0; i < total; i += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, total - i) }, () => {
          const { body, signature } = freshDelivery();
          return store.accept(
            {
              id: crypto.randomUUID(),
              key: crypto.randomUUID(),
              topic: "end_user.processed",
              body: new TextEncoder().encode(body),
              signature,
              receivedAt: Date.now(),
            },
            { retainSince: 0 },
          );
        }),
      );
    }
    const started = performance.now();
    const processes = Array.from({ length: workers }, () =>
      start("./worker.mjs", [URL_, schema, SECRET, "8"]),
    );
    await Promise.all(processes.map((p) => p.ready));
    while ((await store.stats()).counts.done < total) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(processes.map((p) => p.stop()));
    rows.push({ workers, perSecond: total / seconds });
  }
  console.log(`\nWorkers: ${total} deliveries, a 5 ms handler, concurrency 8 per worker process\n`);
  console.log("| worker processes | deliveries handled per second | vs 1 worker |");
  console.log("| --- | --- | --- |");
  for (const r of rows) {
    console.log(
      `| ${r.workers} | ${r.perSecond.toFixed(0)}/s | ${(r.perSecond / (rows[0]?.perSecond ?? 1)).toFixed(2)}× |`,
    );
  }
}

const store = postgresInbox({ pool: admin, schema });
try {
  await store.migrate();
  await admin.query(
    `CREATE TABLE "${schema}".hand (key text PRIMARY KEY, body bytea NOT NULL, signature text NOT NULL, received_at bigint NOT NULL)`,
  );
  await receiverBench();
  await workerBench(store);
} finally {
  await store.close();
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}
