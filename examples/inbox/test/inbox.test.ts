// examples/inbox started as a user starts it (`node server.js`), on each Node with node:sqlite, and
// on this machine's Node 20, where it must stop at once and say what to do.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NEWER_NODE_MAJORS, nodeBinary } from "../../../scripts/node-runtimes.mjs";

const secret = "whsec_inbox_example_test";
const cwd = fileURLToPath(new URL("../", import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Handled {
  handler: string;
  delivery: string;
  attempt: number;
  event: { topic: string };
}

function startExample(node: string, inboxPath: string) {
  const child: ChildProcess = spawn(node, ["server.js"], {
    cwd,
    env: { ...process.env, HERON_WEBHOOK_SECRET: secret, HERON_INBOX_PATH: inboxPath, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const handled: Handled[] = [];
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    for (const line of text.split("\n").filter(Boolean)) handled.push(JSON.parse(line));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
      const match = /listening on (http:\/\/\S+)/.exec(stderr);
      if (match) resolve(`${match[1]}/webhooks/heron`);
    });
    exited.then((code) => reject(new Error(`examples/inbox exited (${code}):\n${stderr}`)));
  });
  url.catch(() => {});
  return { child, url, handled, exited, stderr: () => stderr };
}

async function until<T>(check: () => T | undefined, ms = 5_000): Promise<T | undefined> {
  for (const end = Date.now() + ms; Date.now() < end; await sleep(20)) {
    const value = check();
    if (value !== undefined) return value;
  }
  return undefined;
}

describe.each(NEWER_NODE_MAJORS)("examples/inbox on Node %s", (major) => {
  const dir = mkdtempSync(join(tmpdir(), "heron-example-inbox-"));
  let example: ReturnType<typeof startExample>;
  let url: string;
  beforeAll(async () => {
    example = startExample(nodeBinary(major), join(dir, "inbox.sqlite"));
    url = await example.url;
  });
  afterAll(async () => {
    // SIGKILL: a clean stop would wait for the 15 s handler.
    example?.child.kill("SIGKILL");
    await example?.exited;
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 200 for pdf.processed while its 15 s handler still runs", async () => {
    const delivery = await createTestDelivery({ topic: "pdf.processed", secret });
    const response = await fetch(url, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    const logged = await until(() =>
      example.handled.find((h) => h.event.topic === "pdf.processed"),
    );
    expect(logged).toMatchObject({ handler: "log", attempt: 1 });
    expect(example.handled.some((h) => h.handler === "extract")).toBe(false);
  });

  it("handles a byte-identical duplicate once", async () => {
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
    for (const _ of [1, 2]) {
      expect((await fetch(url, { method: "POST", ...delivery })).status).toBe(200);
    }
    const first = await until(() =>
      example.handled.find((h) => h.event.topic === "end_user.processed"),
    );
    expect(first).toBeDefined();
    await sleep(300);
    expect(example.handled.filter((h) => h.delivery === first?.delivery)).toHaveLength(1);
    expect(example.handled.filter((h) => h.event.topic === "end_user.processed")).toHaveLength(1);
  });

  it("retries the flaky handler alone until it succeeds on attempt 3", async () => {
    const delivery = await createTestDelivery({ topic: "end_user.review_required", secret });
    expect((await fetch(url, { method: "POST", ...delivery })).status).toBe(200);
    // Retries after about 1 s and 2 s.
    const notified = await until(() => example.handled.find((h) => h.handler === "notify"), 10_000);
    expect(notified).toMatchObject({ attempt: 3 });
    const runs = example.handled.filter((h) => h.delivery === notified?.delivery);
    expect(runs.map((h) => `${h.handler}#${h.attempt}`)).toEqual(["log#1", "notify#3"]);
    expect(example.stderr()).toMatch(/end_user\.review_required failed: .* will retry/);
  });

  it("refuses a forged delivery with 401 and stores nothing", async () => {
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret: "not-the-secret" });
    const before = example.handled.length;
    expect((await fetch(url, { method: "POST", ...delivery })).status).toBe(401);
    await sleep(200);
    expect(example.handled.slice(before).filter((h) => h.event.topic === "pdf.failed")).toEqual([]);
  });
});

describe("examples/inbox on this Node 20", () => {
  it("stops at once, saying node:sqlite needs Node 22.13 or later", async () => {
    const dir = mkdtempSync(join(tmpdir(), "heron-example-inbox-"));
    const example = startExample(process.execPath, join(dir, "inbox.sqlite"));
    await expect(example.url).rejects.toThrow(/Node 22\.13 or later/);
    expect(await example.exited).not.toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});
