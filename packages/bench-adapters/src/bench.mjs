// `pnpm bench`: each adapter against the route a user would write by hand for the same framework.
// Each server runs in its own child process, so it never shares an event loop with autocannon;
// runs alternate hand-written/adapter, and the ratio is the median of the per-pair ratios.
import { once } from "node:events";
import os from "node:os";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { PATH, signedDelivery } from "./delivery.mjs";
import { PINNED, spawnNode } from "./pin.mjs";
import { TARGETS } from "./targets.mjs";

const { values: flags, positionals: only } = parseArgs({
  allowPositionals: true,
  options: {
    seconds: { type: "string", default: "0.5" },
    warmup: { type: "string", default: "1" },
    pairs: { type: "string", default: "20" },
    connections: { type: "string", default: "10" },
    bytes: { type: "string", default: "4096" },
    // Writes each server's V8 CPU profile (.cpuprofile) into this folder, to see where an adapter's time goes.
    "cpu-prof-dir": { type: "string" },
  },
});
const SECONDS = Number(flags.seconds);
const WARMUP_SECONDS = Number(flags.warmup);
const PAIRS = Number(flags.pairs);
const CONNECTIONS = Number(flags.connections);
const TARGET_RATIO = 0.9;
const delivery = signedDelivery(Number(flags.bytes));

async function startServer(target, side) {
  const profile = flags["cpu-prof-dir"]
    ? [
        "--cpu-prof",
        `--cpu-prof-dir=${flags["cpu-prof-dir"]}`,
        `--cpu-prof-name=${target.name.replace(/\W+/g, " ").trim().replaceAll(" ", "-")}-${side}.cpuprofile`,
      ]
    : [];
  const serve = new URL("./serve.mjs", import.meta.url).pathname;
  const child = spawnNode([...profile, serve, target.name, side]);
  const [message] = await Promise.race([
    once(child, "message"),
    once(child, "exit").then(([code]) => {
      throw new Error(`${target.name} ${side} server exited with ${code} before listening`);
    }),
  ]);
  const cpuMicros = async () => {
    child.send("cpu");
    const [{ cpuMicros }] = await once(child, "message");
    return cpuMicros;
  };
  return {
    url: `http://127.0.0.1:${message.port}${PATH}`,
    cpuMicros,
    stop: () => child.disconnect(),
  };
}

/** Fails loudly unless the server verifies: 200 `{"ok":true}` when signed, 401 when tampered. */
async function checkServer(label, url) {
  const signed = await fetch(url, {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
  });
  const answer = await signed.text();
  if (signed.status !== 200 || JSON.parse(answer).ok !== true) {
    throw new Error(`${label}: a signed delivery got ${signed.status} ${answer}`);
  }
  const tampered = Buffer.from(delivery.body);
  tampered[tampered.length - 3] ^= 1;
  const rejected = await fetch(url, { method: "POST", headers: delivery.headers, body: tampered });
  await rejected.arrayBuffer();
  if (rejected.status !== 401)
    throw new Error(`${label}: a tampered delivery got ${rejected.status}`);
}

async function load(label, server, seconds) {
  const cpuBefore = await server.cpuMicros();
  const ownCpuBefore = process.cpuUsage();
  const result = await autocannon({
    url: server.url,
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
    connections: CONNECTIONS,
    duration: seconds,
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || result["2xx"] === 0) {
    throw new Error(
      `${label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ${result["2xx"]} 2xx`,
    );
  }
  const ownCpu = process.cpuUsage(ownCpuBefore);
  const cpuMicros = (await server.cpuMicros()) - cpuBefore;
  return {
    rate: result.requests.total / (result.duration || seconds),
    p99: result.latency.p99,
    cpuPerRequest: cpuMicros / result.requests.total,
    // Share of one core autocannon used: near 100%, the load generator, not the server, sets the pace.
    generatorLoad: (ownCpu.user + ownCpu.system) / (result.duration * 1e6),
  };
}

const percent = (share) => `${Math.round(share * 100)}%`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function benchTarget(target) {
  const hand = await startServer(target, "handWritten");
  const ours = await startServer(target, "adapter");
  try {
    await checkServer(`${target.name} hand-written`, hand.url);
    await checkServer(`${target.name} adapter`, ours.url);
    await load(`${target.name} hand-written`, hand, WARMUP_SECONDS);
    await load(`${target.name} adapter`, ours, WARMUP_SECONDS);
    const pairs = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const handRun = await load(`${target.name} hand-written`, hand, SECONDS);
      const oursRun = await load(`${target.name} adapter`, ours, SECONDS);
      pairs.push({
        hand: handRun,
        ours: oursRun,
        ratio: oursRun.rate / handRun.rate,
        cpuRatio: handRun.cpuPerRequest / oursRun.cpuPerRequest,
      });
      process.stderr.write(
        `${target.name} pair ${pair + 1}: ${Math.round(handRun.rate)} vs ${Math.round(oursRun.rate)} req/s, ` +
          `${Math.round(handRun.cpuPerRequest)} vs ${Math.round(oursRun.cpuPerRequest)} µs CPU/req, ` +
          `autocannon at ${percent(handRun.generatorLoad)} and ${percent(oursRun.generatorLoad)} of a core\n`,
      );
    }
    return {
      name: target.name,
      hand: median(pairs.map((p) => p.hand.rate)),
      ours: median(pairs.map((p) => p.ours.rate)),
      ratio: median(pairs.map((p) => p.ratio)),
      handP99: median(pairs.map((p) => p.hand.p99)),
      oursP99: median(pairs.map((p) => p.ours.p99)),
      handCpu: median(pairs.map((p) => p.hand.cpuPerRequest)),
      oursCpu: median(pairs.map((p) => p.ours.cpuPerRequest)),
      cpuRatio: median(pairs.map((p) => p.cpuRatio)),
    };
  } finally {
    hand.stop();
    ours.stop();
  }
}

const targets = only.length
  ? TARGETS.filter((target) => only.some((word) => target.name.includes(word)))
  : TARGETS;
const rows = [];
for (const target of targets) rows.push(await benchTarget(target));

const kilo = (rate) => `${(rate / 1000).toFixed(1)}k`;
console.log(
  `\n${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores, Node ${process.version}.`,
);
console.log(
  `${delivery.body.length} B signed body, ${CONNECTIONS} connections, ${PAIRS} pairs of ${SECONDS} s runs after ${WARMUP_SECONDS} s warm-up` +
    `${PINNED ? ", autocannon on CPU 0 and the servers on CPU 1" : ""}.\n`,
);
// The CPU columns are the server's own CPU time per request: a check on the req/s ratio that
// holds up when other processes share the cores. Both ratios: above 1 means the adapter is faster.
console.log(
  "| framework | hand-written req/s | adapter req/s | ratio | p99 ms (hand-written / adapter) | server CPU µs/req (hand-written / adapter) | CPU ratio |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const row of rows) {
  const mark = row.ratio >= TARGET_RATIO ? "" : " ✗";
  console.log(
    `| ${row.name} | ${kilo(row.hand)} | ${kilo(row.ours)} | ${row.ratio.toFixed(2)}×${mark} | ${row.handP99} / ${row.oursP99} | ${Math.round(row.handCpu)} / ${Math.round(row.oursCpu)} | ${row.cpuRatio.toFixed(2)}× |`,
  );
}
const missed = rows.filter((row) => row.ratio < TARGET_RATIO).map((row) => row.name);
if (missed.length) console.log(`\nBelow the ${TARGET_RATIO}× target: ${missed.join(", ")}.`);
