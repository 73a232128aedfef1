// `pnpm bench`: the Fastify adapter over redisInbox against a hand-written Fastify route doing the same
// verify plus one SET NX, on the same Redis; then worker throughput for a 5 ms handler with 1, 2 and
// 4 worker processes. Receivers run in their own processes; runs alternate hand-written/heron and
// the ratio is the median of the per-pair ratios. Every request is a new signed delivery, so every
// one is stored (no duplicates).

import { fork } from "node:child_process";
import { createHmac, randomUUID } from "node:crypto";
import { once } from "node:events";
import os from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { Redis } from "ioredis";
import { redisInbox } from "../dist/index.js";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "2" },
    pairs: { type: "string", default: "5" },
    deliveries: { type: "string", default: "4000" },
  },
});
const SECONDS = Number(flags.seconds);
const PAIRS = Number(flags.pairs);
const DELIVERIES = Number(flags.deliveries);
const TARGET_RATIO = 0.9;
const url = process.env.HERON_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const secret = "whsec_bench_redis";
const run = randomUUID().slice(0, 8);
const admin = new Redis(url);

async function deleteKeys(prefix) {
  let cursor = "0";
  do {
    const [next, keys] = await admin.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 1000);
    cursor = next;
    if (keys.length) await admin.unlink(...keys);
  } while (cursor !== "0");
}

let counter = 0;
/** A fresh signed delivery each call, about 400 bytes like a real end_user event. */
function nextDelivery() {
  counter += 1;
  const body = JSON.stringify({
    topic: "end_user.processed",
    created: new Date().toISOString(),
    data: {
      heron_id: `eus_${run}_${counter}`,
      end_user_id: `user-${counter}`,
      status: "processed",
      notes: "x".repeat(256),
    },
    meta: null,
  });
  const signature = createHmac("sha256", secret).update(body).digest("base64");
  return { body, signature };
}

async function start(script, args) {
  const child = fork(new URL(script, import.meta.url), args, { stdio: "inherit" });
  const [message] = await Promise.race([
    once(child, "message"),
    once(child, "exit").then(([code]) => {
      throw new Error(`${script} exited with ${code} before it started`);
    }),
  ]);
  return { child, message, stop: () => child.disconnect() };
}

async function load(label, port, connections, seconds) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/webhooks/heron`,
    method: "POST",
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest(request) {
          const { body, signature } = nextDelivery();
          return {
            ...request,
            body,
            headers: { "content-type": "application/json", "heron-signature": signature },
          };
        },
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || result["2xx"] === 0) {
    throw new Error(
      `${label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { rate: result.requests.total / (result.duration || seconds), p99: result.latency.p99 };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function benchReceivers(connections) {
  const handPrefix = `heron-bench:{hand-${run}}:`;
  const heronPrefix = `heron-bench:{heron-${run}}:`;
  const hand = await start("./serve.mjs", ["hand-written", url, handPrefix, secret]);
  const heron = await start("./serve.mjs", ["heron", url, heronPrefix, secret]);
  try {
    await load("hand-written", hand.message.port, connections, 1);
    await load("heron", heron.message.port, connections, 1);
    const pairs = [];
    for (let pair = 0; pair < PAIRS; pair += 1) {
      const handRun = await load("hand-written", hand.message.port, connections, SECONDS);
      const heronRun = await load("heron", heron.message.port, connections, SECONDS);
      pairs.push({ hand: handRun, heron: heronRun, ratio: heronRun.rate / handRun.rate });
      process.stderr.write(
        `${connections} connections, pair ${pair + 1}: ${Math.round(handRun.rate)} vs ${Math.round(heronRun.rate)} req/s\n`,
      );
    }
    return {
      connections,
      hand: median(pairs.map((p) => p.hand.rate)),
      heron: median(pairs.map((p) => p.heron.rate)),
      ratio: median(pairs.map((p) => p.ratio)),
      handP99: median(pairs.map((p) => p.hand.p99)),
      heronP99: median(pairs.map((p) => p.heron.p99)),
    };
  } finally {
    hand.stop();
    heron.stop();
    await deleteKeys(handPrefix);
    await deleteKeys(heronPrefix);
  }
}

/** Fills an inbox with DELIVERIES, starts `workers` processes and times until all are done. */
async function benchWorkers(workers, concurrency) {
  const prefix = `heron-bench:{workers-${run}-${workers}}:`;
  const inbox = redisInbox({ connection: admin, prefix });
  try {
    const now = Date.now();
    for (let i = 0; i < DELIVERIES; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, DELIVERIES - i) }, (_, j) => {
          const { body, signature } = nextDelivery();
          const id = `${run}-${workers}-${i + j}`;
          return inbox.accept(
            {
              id,
              key: id,
              topic: "end_user.processed",
              body: Buffer.from(body),
              signature,
              receivedAt: now,
            },
            { retainSince: 0 },
          );
        }),
      );
    }
    const started = performance.now();
    const children = await Promise.all(
      Array.from({ length: workers }, () =>
        start("./worker.mjs", [url, prefix, secret, String(concurrency)]),
      ),
    );
    try {
      for (;;) {
        const { counts } = await inbox.stats();
        if (counts.done + counts.dead >= DELIVERIES) {
          if (counts.dead) throw new Error(`${counts.dead} deliveries died`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      for (const child of children) child.stop();
    }
    return { workers, rate: DELIVERIES / ((performance.now() - started) / 1000) };
  } finally {
    await deleteKeys(prefix);
  }
}

const info = await admin.info("server");
const redisVersion = /redis_version:(\S+)/.exec(info)?.[1];
const receivers = [];
for (const connections of [10, 50]) receivers.push(await benchReceivers(connections));
const CONCURRENCY = 8;
const workerRows = [];
for (const workers of [1, 2, 4]) workerRows.push(await benchWorkers(workers, CONCURRENCY));
await admin.quit();

const kilo = (rate) => `${(rate / 1000).toFixed(2)}k`;
console.log(
  `\n${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}, Redis ${redisVersion} on loopback.`,
);
console.log(
  `Receivers: Fastify 5, a new signed ~420 B delivery per request, ${PAIRS} pairs of ${SECONDS} s runs after 1 s warm-up.\n`,
);
console.log(
  "| connections | hand-written (verify + SET NX) req/s | heron + redisInbox req/s | ratio | p99 ms (hand-written / heron) |",
);
console.log("| ---: | ---: | ---: | ---: | ---: |");
for (const row of receivers) {
  const mark = row.ratio >= TARGET_RATIO ? "" : " ✗";
  console.log(
    `| ${row.connections} | ${kilo(row.hand)} | ${kilo(row.heron)} | ${row.ratio.toFixed(2)}×${mark} | ${row.handP99} / ${row.heronP99} |`,
  );
}
console.log(
  `\nWorkers: ${DELIVERIES} stored deliveries, a 5 ms handler, concurrency ${CONCURRENCY} per worker process.\n`,
);
console.log("| worker processes | deliveries/s | vs 1 worker |");
console.log("| ---: | ---: | ---: |");
const one = workerRows[0]?.rate ?? 1;
for (const row of workerRows) {
  console.log(`| ${row.workers} | ${Math.round(row.rate)} | ${(row.rate / one).toFixed(2)}× |`);
}
