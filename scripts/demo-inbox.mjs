// `pnpm demo inbox`: examples/inbox (Express, the SQLite inbox and a worker in one process) on the
// Node 24 that packages/node-runtimes installs, since node:sqlite needs Node 22.13 or later. Sends
// every topic, a duplicate and a forged delivery, kills the process with SIGKILL while a 15 s handler
// runs, starts it again on the same file, and prints what became of each delivery.
import { execFileSync, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { KNOWN_TOPICS } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { nodeBinary } from "./node-runtimes.mjs";

const secret = "whsec_demo_only_not_a_real_secret";
const node = nodeBinary("24");
const example = fileURLToPath(new URL("../examples/inbox/", import.meta.url));
const sqlite = pathToFileURL(
  fileURLToPath(new URL("../packages/sqlite/dist/index.js", import.meta.url)),
);
const dir = mkdtempSync(join(tmpdir(), "heron-demo-inbox-"));
const inboxPath = join(dir, "heron-inbox.sqlite");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts the example; `lines` collects its stdout (one JSON line per handler success). */
function start(lines) {
  const child = spawn(node, ["server.js"], {
    cwd: example,
    env: { ...process.env, HERON_WEBHOOK_SECRET: secret, HERON_INBOX_PATH: inboxPath, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let partial = "";
  child.stdout.setEncoding("utf8").on("data", (text) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean).map((line) => ({ pid: child.pid, ...JSON.parse(line) })));
  });
  const url = new Promise((resolve, reject) => {
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (text) => {
      stderr += text;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(`${match[1]}/webhooks/heron`);
    });
    child.once("exit", (code) => reject(new Error(`examples/inbox exited (${code}):\n${stderr}`)));
  });
  url.catch(() => {});
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return { child, url, exited };
}

async function post(url, { body, headers }) {
  const started = performance.now();
  const response = await fetch(url, { method: "POST", body, headers });
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

/** The inbox as the store holds it, read with the package itself on Node 24. */
function readInbox() {
  const script = `import { sqliteInbox } from ${JSON.stringify(sqlite.href)};
    const inbox = sqliteInbox({ path: ${JSON.stringify(inboxPath)} });
    const { deliveries } = await inbox.list({ limit: 1000 });
    process.stdout.write(JSON.stringify(deliveries.map(({ body, ...rest }) => rest)));`;
  return JSON.parse(
    execFileSync(node, ["--input-type=module", "-e", script], { encoding: "utf8" }),
  );
}

async function waitUntil(check, ms) {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) if (check()) return true;
  return false;
}

const lines = [];
let server = start(lines);
let failed = 0;
const mark = (ok) => {
  if (!ok) failed++;
  return ok ? "✓" : "✗";
};
try {
  const url = await server.url;
  console.log(
    `examples/inbox on Node ${execFileSync(node, ["--version"], { encoding: "utf8" }).trim()} (packages/node-runtimes), inbox ${inboxPath}\n`,
  );
  const sent = [];
  for (const topic of [...KNOWN_TOPICS, "loan.approved"]) {
    const delivery = await createTestDelivery({ topic, secret });
    sent.push({ name: topic, delivery, ...(await post(url, delivery)) });
  }
  const original = sent.find((row) => row.name === "end_user.processed");
  sent.push({
    name: "end_user.processed again (byte-identical)",
    delivery: original.delivery,
    duplicate: true,
    ...(await post(url, original.delivery)),
  });
  const forged = await createTestDelivery({
    topic: "end_user.processed",
    data: { heron_id: "eus_forged", end_user_id: "mallory", status: "processed" },
    secret: "not-the-secret",
  });
  sent.push({
    name: "forged (wrong secret)",
    delivery: forged,
    forged: true,
    ...(await post(url, forged)),
  });

  // pdf.processed's 15 s handler is now running: kill the process under it, then start it again.
  await sleep(3_000);
  server.child.kill("SIGKILL");
  await server.exited;
  console.log(
    "killed the example with SIGKILL 3 s into the 15 s pdf.processed handler; starting it again\n",
  );
  server = start(lines);
  await server.url;
  const finished = () => {
    const deliveries = readInbox();
    return (
      deliveries.length > 0 && deliveries.every((d) => d.status === "done" || d.status === "dead")
    );
  };
  await waitUntil(finished, 60_000);
  // Stopped before reading, so every line it printed has arrived.
  server.child.kill("SIGTERM");
  await server.exited;
  const inbox = readInbox();

  const keyOf = (body) => createHash("sha256").update(body).digest("hex");
  const firstPid = lines[0]?.pid;
  const rows = [
    [
      "",
      "delivery",
      "answer",
      "time to 200",
      "stored",
      "status",
      "attempts",
      "handler runs",
      "last error",
    ],
  ];
  for (const row of sent) {
    const stored = inbox.filter((d) => d.key === keyOf(row.delivery.body));
    const target = stored[0];
    const runs = target ? lines.filter((line) => line.delivery === target.id) : [];
    const ranOnce = new Set(runs.map((line) => line.handler)).size === runs.length;
    // Far inside Heron's 10 s timeout, whatever the handlers take (the first answer includes warm-up).
    const fast = row.ms < 5_000;
    const ok = row.forged
      ? row.status === 401 && stored.length === 0
      : row.status === 200 && fast && stored.length === 1 && target.status === "done" && ranOnce;
    rows.push([
      mark(ok),
      row.name,
      String(row.status),
      row.forged ? "-" : `${Math.round(row.ms)} ms`,
      target ? (row.duplicate ? "no, a duplicate" : target.id.slice(0, 8)) : "no",
      row.duplicate ? "" : (target?.status ?? "-"),
      row.duplicate || !target ? "" : String(target.attempt),
      row.duplicate
        ? ""
        : runs
            .map((l) => `${l.handler} #${l.attempt}${l.pid === firstPid ? "" : " (restarted)"}`)
            .join(", "),
      row.duplicate ? "" : (target?.lastError ?? ""),
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows)
    console.log(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    );
  console.log(`\n${rows.length - 1 - failed} as expected, ${failed} not`);
} finally {
  server.child.kill("SIGTERM");
  await server.exited;
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = failed ? 1 : 0;
