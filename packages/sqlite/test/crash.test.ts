// The crash test, with real processes on Node 24: a receiver and two workers sharing one
// SQLite inbox; 5 000 signed deliveries over HTTP at 50 concurrent (10% byte-identical duplicates,
// 1% forged); kill -9 of a worker three times and of the receiver once, while a sender retries what
// got no 200 as Heron does. Every valid delivery must end with all its handlers done, nothing forged
// stored, and every second run of a handler explained by a kill (or by its own failure).
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
} from "node:fs";
import { Agent, createServer, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KNOWN_TOPICS, sign } from "@heron-webhooks/core";
import { afterAll, expect, it } from "vitest";
import { nodeBinary } from "../../../scripts/node-runtimes.mjs";

const UNIQUE = 4_450;
const DUPLICATES = 500;
const FORGED = 50;
const CONCURRENCY = 50;
const HANDLERS = ["audit", "apply"];
const SECRET = "whsec_crash_test_only";
const EPHEMERAL_RANGE = "/proc/sys/net/ipv4/ip_local_port_range";
const scripts = fileURLToPath(new URL("./crash/", import.meta.url));
const build = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "heron-sqlite-crash-"));
const db = join(dir, "inbox.sqlite");
const logPath = join(dir, "handlers.log");
const spawned = new Set<ChildProcess>();
afterAll(() => {
  for (const child of spawned) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
});

// A seeded generator, so a failing run can be repeated with CRASH_SEED.
const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
let state = seed;
function random(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = Math.imul(state ^ (state >>> 15), 1 | state);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Child {
  process: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
}

function start(script: string, args: string[]): Child {
  const child = spawn(nodeBinary("24"), [join(scripts, script), ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  spawned.add(child);
  const lines: string[] = [];
  child.stdout?.setEncoding("utf8").on("data", (text: string) => lines.push(...text.split("\n")));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { process: child, lines, exited };
}

async function waitFor<T>(what: string, check: () => T | undefined, ms = 20_000): Promise<T> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(10)) {
    const value = check();
    if (value !== undefined) return value;
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A free port below the ephemeral range. The receiver is restarted on its port while the senders
 * keep connecting; on an ephemeral port, one of their sockets can be given that very port (and
 * connect to itself), which then holds it in TIME_WAIT past every retry of the restart.
 */
async function portOutsideEphemeralRange(): Promise<number> {
  const range = existsSync(EPHEMERAL_RANGE) ? readFileSync(EPHEMERAL_RANGE, "utf8") : "32768";
  const lowest = Number(range.trim().split(/\s+/)[0]);
  for (;;) {
    const port = 10_000 + Math.floor(Math.random() * (lowest - 10_000));
    const server = createServer();
    const free = await new Promise<boolean>((resolve) => {
      server.once("error", () => resolve(false));
      server.listen(port, "127.0.0.1", () => resolve(true));
    });
    if (free) {
      await new Promise((resolve) => server.close(resolve));
      return port;
    }
  }
}

async function startReceiver(port: number): Promise<{ child: Child; port: number }> {
  const child = start("receiver.mjs", [db, logPath, String(port)]);
  const line = await waitFor("the receiver", () =>
    child.lines.find((l) => l.startsWith("listening")),
  );
  return { child, port: Number(line.split(" ")[1]) };
}

async function startWorker(): Promise<Child> {
  const child = start("worker.mjs", [db, logPath]);
  await waitFor("a worker", () => (child.lines.includes("ready") ? true : undefined));
  return child;
}

async function kill(child: Child): Promise<number> {
  const at = Date.now();
  child.process.kill("SIGKILL");
  await child.exited;
  return at;
}

interface Delivery {
  seq: number;
  body: string;
  signature: string;
  forged: boolean;
}

async function deliveries(): Promise<{ unique: Delivery[]; all: Delivery[] }> {
  const created = new Date().toISOString();
  const make = async (seq: number, forged: boolean): Promise<Delivery> => {
    const topic = KNOWN_TOPICS[seq % KNOWN_TOPICS.length];
    const data = { heron_id: `eus_${seq}`, seq, failFirst: seq % 50 === 7 };
    const body = JSON.stringify({ topic, created, data });
    return { seq, body, signature: await sign(body, forged ? "not-the-secret" : SECRET), forged };
  };
  const unique = await Promise.all(Array.from({ length: UNIQUE }, (_, seq) => make(seq, false)));
  const forged = await Promise.all(
    Array.from({ length: FORGED }, (_, i) => make(1_000_000 + i, true)),
  );
  const duplicates = Array.from(
    { length: DUPLICATES },
    () => unique[Math.floor(random() * UNIQUE)] as Delivery,
  );
  const all = [...unique, ...duplicates, ...forged];
  for (let i = all.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [all[i], all[j]] = [all[j] as Delivery, all[i] as Delivery];
  }
  return { unique, all };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
function post(port: number, delivery: Delivery): Promise<number | "no answer"> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", method: "POST", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", () => resolve("no answer"));
    });
    req.setHeader("content-type", "application/json");
    req.setHeader("heron-signature", delivery.signature);
    req.on("error", () => resolve("no answer"));
    req.end(delivery.body);
  });
}

interface LogLine {
  t: number;
  pid: number;
  kind: "start" | "done" | "fail";
  seq: number;
  handler: string;
  attempt: number;
}

/** Reads the handlers' log as it grows. */
function logReader() {
  const lines: LogLine[] = [];
  let offset = 0;
  let partial = "";
  const buffer = Buffer.alloc(1 << 20);
  return {
    lines,
    read(): LogLine[] {
      if (!existsSync(logPath)) return lines;
      const fd = openSync(logPath, "r");
      for (let n = readSync(fd, buffer, 0, buffer.length, offset); n > 0; ) {
        offset += n;
        const parts = (partial + buffer.toString("utf8", 0, n)).split("\n");
        partial = parts.pop() ?? "";
        lines.push(...parts.map((part) => JSON.parse(part) as LogLine));
        n = readSync(fd, buffer, 0, buffer.length, offset);
      }
      closeSync(fd);
      return lines;
    },
  };
}

it("survives kill -9 of the workers and the receiver: every delivery handled, re-runs only where a kill caused them", async () => {
  if (!existsSync(build))
    throw new Error(`${build} is missing: build the package first (npx tsup).`);
  const { unique, all } = await deliveries();
  const log = logReader();
  let receiver = await startReceiver(await portOutsideEphemeralRange());
  const workers = [await startWorker(), await startWorker()];
  const killed = new Map<number, number>(); // pid → when it was killed

  const counts = { sent: 0, ok: 0, refused: 0, resent: 0 };
  const receiverKillAt = Math.floor(all.length * (0.3 + random() * 0.4));
  let receiverKilled: Promise<void> | undefined;
  const answers = new Map<Delivery, number>();
  let next = 0;
  const lane = async () => {
    for (let delivery = all[next++]; delivery; delivery = all[next++]) {
      for (let tries = 0; ; tries++) {
        if (tries > 0) counts.resent++;
        if (tries > 400) throw new Error(`seq ${delivery.seq} got no answer after 400 tries`);
        counts.sent++;
        const status = await post(receiver.port, delivery);
        if (status === 200 || status === 401) {
          answers.set(delivery, status);
          if (status === 200) counts.ok++;
          else counts.refused++;
          break;
        }
        await sleep(20);
      }
      if (answers.size === receiverKillAt) {
        receiverKilled = (async () => {
          const { child, port } = receiver;
          killed.set(child.process.pid as number, await kill(child));
          receiver = await startReceiver(port);
        })();
      }
    }
  };

  // Kill a worker at three random points of the handlers' progress, starting a new one each time.
  const workerKillsAt = [random(), random(), random()]
    .map((share) => Math.floor(UNIQUE * HANDLERS.length * (0.1 + share * 0.7)))
    .sort((a, b) => a - b);
  const killWorkers = async () => {
    for (const at of workerKillsAt) {
      await waitFor(
        "handler progress",
        () => (log.read().filter((line) => line.kind === "done").length >= at ? true : undefined),
        40_000,
      );
      const index = Math.floor(random() * workers.length);
      const victim = workers[index] as Child;
      killed.set(victim.process.pid as number, await kill(victim));
      workers[index] = await startWorker();
    }
  };

  await Promise.all([...Array.from({ length: CONCURRENCY }, lane), killWorkers()]);
  await receiverKilled;
  agent.destroy();

  // Every (delivery, handler) done, as far as the log knows; then the workers stop cleanly.
  const expectedDone = UNIQUE * HANDLERS.length;
  await waitFor(
    "every handler to succeed",
    () => {
      const done = new Set(
        log
          .read()
          .filter((line) => line.kind === "done")
          .map((line) => `${line.seq}/${line.handler}`),
      );
      return done.size >= expectedDone ? true : undefined;
    },
    40_000,
  );
  for (const worker of workers) worker.process.kill("SIGTERM");
  expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual([0, 0]);
  receiver.child.process.kill("SIGKILL");

  // What the inbox holds: exactly the unique valid deliveries, all done.
  const inspect = start("inspect.mjs", [db]);
  expect(await inspect.exited).toBe(0);
  const held = JSON.parse(inspect.lines.join("")) as {
    stats: { counts: Record<string, number> };
    deliveries: { key: string; status: string }[];
  };
  const keyOf = (delivery: Delivery) => createHash("sha256").update(delivery.body).digest("hex");
  expect(held.stats.counts).toEqual({ pending: 0, running: 0, done: UNIQUE, dead: 0 });
  expect(new Set(held.deliveries.map((d) => d.key))).toEqual(new Set(unique.map(keyOf)));

  // Every answer as it should be: 200 for each valid delivery and duplicate, 401 for the forged.
  for (const delivery of all) expect(answers.get(delivery)).toBe(delivery.forged ? 401 : 200);

  // Each run of a handler after the first must follow a run that failed, or one whose process was
  // killed after it started and before its success was recorded.
  const runs = new Map<string, { pid: number; t: number; outcome?: "done" | "fail" }[]>();
  for (const line of log.read()) {
    const id = `${line.seq}/${line.handler}`;
    const list = runs.get(id) ?? [];
    runs.set(id, list);
    if (line.kind === "start") list.push({ pid: line.pid, t: line.t });
    else {
      const run = [...list].reverse().find((r) => r.pid === line.pid && r.outcome === undefined);
      if (run) run.outcome = line.kind;
    }
  }
  let rerunsAfterKill = 0;
  let rerunsAfterFailure = 0;
  const unexplained: string[] = [];
  for (const [id, list] of runs) {
    list.forEach((run, i) => {
      const before = list[i - 1];
      if (!before) return;
      const killedAt = killed.get(before.pid);
      if (before.outcome === "fail") rerunsAfterFailure++;
      else if (killedAt !== undefined && killedAt >= before.t && killedAt <= run.t)
        rerunsAfterKill++;
      else unexplained.push(`${id}: run ${i + 1} by ${run.pid} after ${JSON.stringify(before)}`);
    });
  }
  const failFirst = unique.filter((d) => d.seq % 50 === 7).length;

  console.log(
    [
      `crash test (seed ${seed}): ${all.length} deliveries (${UNIQUE} unique, ${DUPLICATES} duplicates, ${FORGED} forged) at ${CONCURRENCY} concurrent`,
      `  requests sent ${counts.sent}, answered 200 ${counts.ok}, 401 ${counts.refused}, resent after no answer ${counts.resent}`,
      `  killed: 3 workers (after ${workerKillsAt.join(", ")} handler successes), the receiver once (after ${receiverKillAt} answers)`,
      `  stored ${held.deliveries.length}, all done; forged stored 0`,
      `  handler runs ${log.read().filter((l) => l.kind === "start").length} for ${expectedDone} (delivery, handler) pairs:`,
      `  re-runs after a kill between start and recorded success ${rerunsAfterKill}, after a planned failure ${rerunsAfterFailure} (${failFirst} expected), unexplained ${unexplained.length}`,
    ].join("\n"),
  );
  expect(unexplained).toEqual([]);
  // A kill during a first attempt can keep its planned failure from happening.
  expect(rerunsAfterFailure).toBeGreaterThan(0);
  expect(rerunsAfterFailure).toBeLessThanOrEqual(failFirst);
}, 120_000);
