// What only the SQLite store has to prove (the contract itself is store-conformance.test.ts): the
// file and its settings, a write lock held by another process, kill -9, processes sharing the file.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { sqliteInbox } from "@heron-webhooks/sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hasNodeSqlite, NEEDS_NODE_SQLITE } from "./support/runtime.js";

interface Db {
  exec(sql: string): void;
  prepare(sql: string): { get(...values: unknown[]): Record<string, unknown> | undefined };
  close(): void;
}
const openRaw = (path: string): Db => {
  const { DatabaseSync } = process.getBuiltinModule("node:sqlite") as {
    DatabaseSync: new (path: string) => Db;
  };
  return new DatabaseSync(path);
};

const child = fileURLToPath(new URL("./support/child.mjs", import.meta.url));
const build = fileURLToPath(new URL("../dist/index.js", import.meta.url));
const delivery = (key: string, receivedAt = 1_000) => ({
  id: `id-${key}`,
  key,
  topic: "end_user.processed",
  body: new TextEncoder().encode(`{"key":"${key}"}`),
  signature: "c2ln",
  receivedAt,
});

function startChild(args: string[]): {
  process: ChildProcess;
  lines: string[];
  exited: Promise<number | null>;
} {
  if (!existsSync(build))
    throw new Error(`${build} is missing: build the package first (npx tsup).`);
  const started = spawn(process.execPath, [child, ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines: string[] = [];
  let partial = "";
  started.stdout?.setEncoding("utf8").on("data", (text: string) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) => started.once("exit", resolve));
  return { process: started, lines, exited };
}

describe.skipIf(!hasNodeSqlite)(`sqliteInbox on one file [${NEEDS_NODE_SQLITE}]`, () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "heron-sqlite-"));
    path = join(dir, "inbox.sqlite");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the file in WAL mode and keeps deliveries across a close and a reopen", async () => {
    const store = sqliteInbox({ path });
    await store.accept(delivery("a"), { retainSince: 0 });
    await store.close();

    const raw = openRaw(path);
    expect(raw.prepare("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    raw.close();
    const reopened = sqliteInbox({ path });
    expect(await reopened.get("id-a")).toMatchObject({ key: "a", status: "pending" });
    expect(await reopened.accept(delivery("a"), { retainSince: 0 })).toEqual({
      id: "id-a",
      duplicate: true,
    });
    await reopened.close();
  });

  it("refuses a file made by a newer version of the package", () => {
    const raw = openRaw(path);
    raw.exec("PRAGMA user_version = 99");
    raw.close();
    expect(() => sqliteInbox({ path })).toThrow(/newer @heron-webhooks\/sqlite \(schema 99\)/);
  });

  it("rejects an accept while another process holds the write lock past busyTimeoutMs (core answers 503), then takes it", async () => {
    const store = sqliteInbox({ path, busyTimeoutMs: 50 });
    const other = openRaw(path);
    other.exec("BEGIN IMMEDIATE");
    // Accepts arriving together share one transaction (group commit): each one rejects.
    const accepts = ["a", "b", "c"].map((key) => store.accept(delivery(key), { retainSince: 0 }));
    for (const accept of accepts) await expect(accept).rejects.toThrow(/locked/);
    expect(await store.stats()).toMatchObject({ counts: { pending: 0 } });
    other.exec("COMMIT");
    other.close();
    expect(await store.accept(delivery("a"), { retainSince: 0 })).toEqual({
      id: "id-a",
      duplicate: false,
    });
    await store.close();
  });

  it("gives each of the accepts that arrive together (one group commit) its own result", async () => {
    const store = sqliteInbox({ path });
    const keys = ["a", "b", "a", "c", "b"];
    const results = await Promise.all(
      keys.map((key, i) => store.accept({ ...delivery(key), id: `id-${i}` }, { retainSince: 0 })),
    );
    expect(results).toEqual([
      { id: "id-0", duplicate: false },
      { id: "id-1", duplicate: false },
      { id: "id-0", duplicate: true },
      { id: "id-3", duplicate: false },
      { id: "id-1", duplicate: true },
    ]);
    expect((await store.stats()).counts.pending).toBe(3);
    await store.close();
  });

  it("rejects every call once closed", async () => {
    const store = sqliteInbox({ path });
    await store.close();
    await expect(store.accept(delivery("a"), { retainSince: 0 })).rejects.toThrow();
    await expect(store.stats()).rejects.toThrow();
  });

  it("keeps every delivery whose accept resolved when the process is killed with SIGKILL", async () => {
    const writer = startChild(["accept-forever", path]);
    for (let waited = 0; writer.lines.length < 300 && waited < 10_000; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    writer.process.kill("SIGKILL");
    expect(await writer.exited).toBeNull();
    const acknowledged = writer.lines.filter(Boolean).map((line) => JSON.parse(line) as string);

    const raw = openRaw(path);
    expect(raw.prepare("PRAGMA integrity_check").get()).toEqual({ integrity_check: "ok" });
    raw.close();
    const store = sqliteInbox({ path });
    const missing: string[] = [];
    for (const key of acknowledged) {
      const result = await store.accept(delivery(key), { retainSince: 0 });
      if (!result.duplicate) missing.push(key);
    }
    expect(missing).toEqual([]);
    await store.close();
  });

  it("lets two processes share the file: each key stored once, each delivery claimed once", async () => {
    sqliteInbox({ path }).close();
    const count = 300;
    const twins = [
      startChild(["share", path, String(count)]),
      startChild(["share", path, String(count)]),
    ];
    expect(await Promise.all(twins.map((twin) => twin.exited))).toEqual([0, 0]);
    const [a, b] = twins.map(
      (twin) => JSON.parse(twin.lines[0] ?? "null") as { fresh: string[]; claimed: string[] },
    ) as [{ fresh: string[]; claimed: string[] }, { fresh: string[]; claimed: string[] }];

    const keyOf = (id: string) => id.replace(/^\d+-/, "");
    const storedKeys = [...a.fresh, ...b.fresh].map(keyOf);
    expect(storedKeys).toHaveLength(count);
    expect(new Set(storedKeys).size).toBe(count);
    const claimed = [...a.claimed, ...b.claimed];
    expect(new Set(claimed).size).toBe(claimed.length);
    expect(new Set(claimed)).toEqual(new Set([...a.fresh, ...b.fresh]));

    const store = sqliteInbox({ path });
    expect((await store.stats()).counts).toEqual({ pending: 0, running: count, done: 0, dead: 0 });
    await store.close();
  });
});
