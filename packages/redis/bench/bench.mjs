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
  const cpuMicros = async () => {
    child.send("cpu");
    const [reply] = await once(child, "message");
    return reply.cpuMicros;
  };
  return { child, message, cpuMicros, stop: () => child.disconnect() };
}

/** Redis's own time in `command` so far (INFO commandstats): calls and microseconds. */
async function commandStats(command) {
  const line = (await admin.info("commandstats"))
    .split("\n")
    .find((l) => l.startsWith(`cmdstat_${command}:`));
  const calls = Number(/calls=(\d+)/.exec(line ?? "")?.[1] ?? 0);
  const usec = Number(/usec=(\d+)/.exec(line ?? "")?.[1] ?? 0);
  return { calls, usec };
}

async function load(label, server, connections, seconds, command) {
  const cpuBefore = await server.cpuMicros();
  const redisBefore = await commandStats(command);
  const result = await autocannon({
    url: `http://127.0.0.1:${server.message.port}/webhooks/heron`,
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
  const cpu = (await server.cpuMicros()) - cpuBefore;
  const redisAfter = await commandStats(command);
  return {
    rate: result.requests.total / (result.duration || seconds),
    p99: result.latency.p99,
    cpuPerRequest: cpu / result.requests.total,
    redisPerCall:
      (redisAfter.usec - redisBefore.usec) / Math.max(1, redisAfter.calls - redisBefore.calls),
  };
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
    await load("hand-written", hand, connections, 1, "set");
    await load("heron", heron, connections, 1, "evalsha");
    const pairs = [];
    for (let pair = 0; pair < PAIRS; pair += 1) {
      const handRun = await load("hand-written", hand, connections, SECONDS, "set");
      const heronRun = await load("heron", heron, connections, SECONDS, "evalsha");
      pairs.push({
        hand: handRun,
        heron: heronRun,
        ratio: heronRun.rate / handRun.rate,
        cpuRatio: handRun.cpuPerRequest / heronRun.cpuPerRequest,
      });
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
      handCpu: median(pairs.map((p) => p.hand.cpuPerRequest)),
      heronCpu: median(pairs.map((p) => p.heron.cpuPerRequest)),
      cpuRatio: median(pairs.map((p) => p.cpuRatio)),
      handRedis: median(pairs.map((p) => p.hand.redisPerCall)),
      heronRedis: median(pairs.map((p) => p.heron.redisPerCall)),
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
    const cpuBefore = await Promise.all(children.map((child) => child.cpuMicros()));
    try {
      for (;;) {
        const { counts } = await inbox.stats();
        if (counts.done + counts.dead >= DELIVERIES) {
          if (counts.dead) throw new Error(`${counts.dead} deliveries died`);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const seconds = (performance.now() - started) / 1000;
      const cpuAfter = await Promise.all(children.map((child) => child.cpuMicros()));
      const cpu = cpuAfter.reduce((sum, after, i) => sum + after - (cpuBefore[i] ?? 0), 0);
      return { workers, rate: DELIVERIES / seconds, cpuPerDelivery: cpu / DELIVERIES };
    } finally {
      for (const child of children) child.stop();
    }
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
// Server CPU: the receiver process's own CPU time per request; Redis: Redis's own time per
// command (INFO commandstats), SET for the hand-written route and EVALSHA for the inbox's accept.
// Both hold up better than req/s when other processes share the cores.
console.log(
  "| connections | hand-written (verify + SET NX) req/s | heron + redisInbox req/s | ratio | p99 ms (hand-written / heron) | server CPU µs/req (hand-written / heron) | CPU ratio | Redis µs/call (SET NX / accept script) |",
);
console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const row of receivers) {
  const mark = row.ratio >= TARGET_RATIO ? "" : " ✗";
  console.log(
    `| ${row.connections} | ${kilo(row.hand)} | ${kilo(row.heron)} | ${row.ratio.toFixed(2)}×${mark} | ${row.handP99} / ${row.heronP99} | ${Math.round(row.handCpu)} / ${Math.round(row.heronCpu)} | ${row.cpuRatio.toFixed(2)}× | ${row.handRedis.toFixed(1)} / ${row.heronRedis.toFixed(1)} |`,
  );
}
console.log(
  `\nWorkers: ${DELIVERIES} stored deliveries, a 5 ms handler, concurrency ${CONCURRENCY} per worker process.\n`,
);
console.log("| worker processes | deliveries/s | vs 1 worker | worker CPU µs/delivery |");
console.log("| ---: | ---: | ---: | ---: |");
const one = workerRows[0]?.rate ?? 1;
for (const row of workerRows) {
  console.log(
    `| ${row.workers} | ${Math.round(row.rate)} | ${(row.rate / one).toFixed(2)}× | ${Math.round(row.cpuPerDelivery)} |`,
  );
}
console.log(
  `\nLoad average while it ran: ${os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(", ")}.`,
);
