// examples/inbox-postgres as a user runs it: `start:receiver` and `start:worker`, two processes on
// one database (a fresh one per run, dropped afterwards).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describePostgres,
  POSTGRES_URL,
} from "../../../packages/postgres/test/support/postgres.js";

const secret = "whsec_example_inbox_postgres";
const dir = fileURLToPath(new URL("../", import.meta.url));

interface Started {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  stop(): Promise<void>;
}

function start(script: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, [script], {
    cwd: dir,
    env: { ...process.env, ...env, HERON_WEBHOOK_SECRET: secret },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let stderr = "";
  let partial = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
  });
  child.stderr?.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    child,
    lines,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The URL the receiver prints once it listens. */
async function listening(started: Started): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const match = /listening on (\S+)/.exec(started.stderr());
    if (match?.[1]) return match[1];
    if (started.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the receiver did not listen:\n${started.stderr()}`);
}

describePostgres("examples/inbox-postgres", () => {
  const database = `heron_example_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${database}`;
  const env = { DATABASE_URL: url.toString(), PORT: "0" };
  let receiver: Started;
  let webhookUrl: string;
  const app = new pg.Pool({ connectionString: url.toString(), max: 1 });

  beforeAll(async () => {
    await admin.query(`CREATE DATABASE ${database}`);
    receiver = start("receiver.js", env);
    webhookUrl = `${await listening(receiver)}/webhooks/heron`;
  }, 40_000);
  afterAll(async () => {
    await receiver?.stop();
    await app.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  });

  it("the receiver stores and answers 200 with no worker running; a worker started later runs the handler once", async () => {
    const delivery = await createTestDelivery({
      topic: "end_user.processed",
      secret,
      data: { heron_id: "eus_example", end_user_id: "user-1", status: "processed" },
    });
    for (let i = 0; i < 2; i++) {
      const response = await fetch(webhookUrl, { method: "POST", ...delivery });
      expect(response.status).toBe(200);
    }
    const forged = await fetch(webhookUrl, {
      method: "POST",
      body: delivery.body,
      headers: { ...delivery.headers, "heron-signature": "Zm9yZ2Vk" },
    });
    expect(forged.status).toBe(401);

    const worker = start("worker.js", env);
    try {
      await expect.poll(() => worker.lines.length, { timeout: 30_000 }).toBe(1);
      expect(JSON.parse(worker.lines[0] ?? "null")).toEqual(JSON.parse(delivery.body));
      await expect
        .poll(async () => (await app.query("SELECT heron_id, status FROM end_users")).rows, {
          timeout: 5_000,
        })
        .toEqual([{ heron_id: "eus_example", status: "processed" }]);

      // A new delivery reaches the idle worker through LISTEN/NOTIFY, in the other process.
      const next = await createTestDelivery({ topic: "pdf.processed", secret });
      expect((await fetch(webhookUrl, { method: "POST", ...next })).status).toBe(200);
      await expect.poll(() => worker.lines.length, { timeout: 5_000 }).toBe(2);
      expect(JSON.parse(worker.lines[1] ?? "null")).toEqual(JSON.parse(next.body));
    } finally {
      await worker.stop();
    }
    // The duplicate was stored once and run once.
    expect(worker.lines).toHaveLength(2);
  }, 60_000);
});
