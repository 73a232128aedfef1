// `pnpm bench`: deliveries acknowledged per second, and p50/p99 time to the 200, for the Express
// adapter with the SQLite inbox against a hand-written Express route doing the same verify and
// insert-if-absent into node:sqlite; then what group commit would gain; then the worker's handler
// runs per second. Servers run on Node 24 (node:sqlite) in their own processes, with fresh files;
// runs alternate (A/B, B/A, …) and the figures are medians over pairs.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { nodeBinary } from "../../../scripts/node-runtimes.mjs";
// autocannon (this process) on CPU 0, every server on CPU 1, as in bench-adapters.
import { PINNED, spawnNode } from "../../bench-adapters/src/pin.mjs";
import { body, PATH, signature } from "./deliveries.mjs";

const { values: flags } = parseArgs({
  options: {
    seconds: { type: "string", default: "1" },
    pairs: { type: "string", default: "8" },
    connections: { type: "string", default: "1,10,50" },
  },
});
const SECONDS = Number(flags.seconds);
const PAIRS = Number(flags.pairs);
const TARGET_RATIO = 0.9;
const node = nodeBinary("24");
const dir = mkdtempSync(join(os.tmpdir(), "heron-bench-inbox-"));
const serverScript = fileURLToPath(new URL("./server.mjs", import.meta.url));

let files = 0;
async function startServer(side) {
  const child = spawnNode([serverScript, side, join(dir, `${side}-${files++}.sqlite`)], node);
  const [message] = await Promise.race([
    once(child, "message"),
    once(child, "exit").then(([code]) => {
      throw new Error(`${side} server exited with ${code}`);
    }),
  ]);
  const cpuMicros = async () => {
    child.send("cpu");
    return (await once(child, "message"))[0].cpuMicros;
  };
  return {
    side,
    url: `http://127.0.0.1:${message.port}${PATH}`,
    cpuMicros,
    stop: () => child.disconnect(),
  };
}

let next = 0;
async function load(server, connections, seconds) {
  const cpuBefore = await server.cpuMicros();
  const result = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: "POST",
        // Each request a new delivery: a repeated body would be a duplicate, stored once.
        setupRequest: (request) => {
          const raw = body(next++);
          const headers = { "content-type": "application/json", "heron-signature": signature(raw) };
          return { ...request, body: raw, headers };
        },
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0 || result["2xx"] === 0) {
    throw new Error(
      `${server.side}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  const cpu = (await server.cpuMicros()) - cpuBefore;
  return {
    rate: result.requests.total / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    cpuPerRequest: cpu / result.requests.total,
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `pairs` alternating runs of `a` and `b`; medians of each side and of the per-pair ratios b/a. */
async function compare(aSide, bSide, connections, pairs) {
  const a = await startServer(aSide);
  const b = await startServer(bSide);
  try {
    await load(a, connections, 1);
    await load(b, connections, 1);
    const runs = [];
    for (let pair = 0; pair < pairs; pair++) {
      const [first, second] = pair % 2 ? [b, a] : [a, b];
      const firstRun = await load(first, connections, SECONDS);
      const secondRun = await load(second, connections, SECONDS);
      const [aRun, bRun] = pair % 2 ? [secondRun, firstRun] : [firstRun, secondRun];
      runs.push({ a: aRun, b: bRun, ratio: bRun.rate / aRun.rate });
      process.stderr.write(
        `${connections} conn pair ${pair + 1}: ${aSide} ${Math.round(aRun.rate)}/s, ${bSide} ${Math.round(bRun.rate)}/s\n`,
      );
    }
    const side = (key) => ({
      rate: median(runs.map((run) => run[key].rate)),
      p50: median(runs.map((run) => run[key].p50)),
      p99: median(runs.map((run) => run[key].p99)),
      cpu: median(runs.map((run) => run[key].cpuPerRequest)),
    });
    return { connections, a: side("a"), b: side("b"), ratio: median(runs.map((run) => run.ratio)) };
  } finally {
    a.stop();
    b.stop();
  }
}

try {
  const levels = flags.connections.split(",").map(Number);
  const rows = [];
  for (const connections of levels)
    rows.push(await compare("handWritten", "inbox", connections, PAIRS));
  const most = Math.max(...levels);
  const grouped = await compare("handWritten", "handWrittenBatched", most, Math.max(2, PAIRS >> 1));
  // sqliteInbox commits the accepts of one event-loop turn together: against the batched route too.
  const groupedInbox = await compare("handWrittenBatched", "inbox", most, Math.max(2, PAIRS >> 1));

  const worker = JSON.parse(
    execFileSync(
      node,
      [fileURLToPath(new URL("./worker.mjs", import.meta.url)), join(dir, "worker.sqlite")],
      {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      },
    ),
  );

  const k = (rate) => (rate >= 1000 ? `${(rate / 1000).toFixed(1)}k` : String(Math.round(rate)));
  console.log(
    `\n${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} cores; servers on Node ${execFileSync(node, ["--version"], { encoding: "utf8" }).trim()}` +
      `${PINNED ? " on CPU 1, autocannon on CPU 0" : ""}. ~1 KiB unique signed bodies, ${PAIRS} alternating pairs of ${SECONDS} s runs per row.\n`,
  );
  console.log(
    "| connections | hand-written req/s | adapter + sqliteInbox req/s | ratio | p50 ms (hand / inbox) | p99 ms (hand / inbox) | server CPU µs/req (hand / inbox) |",
  );
  console.log("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
  for (const row of rows) {
    const mark = row.ratio >= TARGET_RATIO ? "" : " ✗";
    console.log(
      `| ${row.connections} | ${k(row.a.rate)} | ${k(row.b.rate)} | ${row.ratio.toFixed(2)}×${mark} | ${row.a.p50} / ${row.b.p50} | ${row.a.p99} / ${row.b.p99} | ${Math.round(row.a.cpu)} / ${Math.round(row.b.cpu)} |`,
    );
  }
  console.log(
    `\nGroup commit at ${grouped.connections} connections (the hand-written route, one transaction per event-loop turn): ` +
      `${k(grouped.a.rate)} → ${k(grouped.b.rate)} req/s (${grouped.ratio.toFixed(2)}×), p99 ${grouped.a.p99} → ${grouped.b.p99} ms. ` +
      `sqliteInbox (which commits that way) against that batched route: ${k(groupedInbox.a.rate)} vs ${k(groupedInbox.b.rate)} req/s (${groupedInbox.ratio.toFixed(2)}×).`,
  );
  console.log(
    `\nWorker, no-op handler, ${worker.deliveries} deliveries: ` +
      worker.runs
        .map((run) => `concurrency ${run.concurrency}: ${k(run.perSecond)} handler runs/s`)
        .join(", ") +
      ".",
  );
  const missed = rows.filter((row) => row.ratio < TARGET_RATIO);
  if (missed.length)
    console.log(
      `\nBelow the ${TARGET_RATIO}× target at ${missed.map((row) => row.connections).join(", ")} connections.`,
    );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
