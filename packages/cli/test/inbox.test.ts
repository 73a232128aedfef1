// inbox on a real SQLite inbox, filled through the store interface, with the bin on Node 22, 24 and 26
// (node:sqlite needs 22.13+), run from a project that has @heron-webhooks/sqlite installed.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sampleEvents } from "@heron-webhooks/core/testing";
import { describe, expect, it } from "vitest";
import { NEWER_NODE_MAJORS, nodeBinary } from "../../../scripts/node-runtimes.mjs";
import { cli, linesOf, type Run } from "./support/cli.js";

const fill = fileURLToPath(new URL("./support/fill-inbox.mjs", import.meta.url));
const sqlitePackage = fileURLToPath(new URL("../../sqlite/", import.meta.url));

/** A user's project: @heron-webhooks/sqlite in its node_modules, an inbox file the app made. */
async function project(node: string): Promise<{ cwd: string; store: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "heron-cli-inbox-"));
  mkdirSync(join(cwd, "node_modules/@heron-webhooks"), { recursive: true });
  symlinkSync(sqlitePackage, join(cwd, "node_modules/@heron-webhooks/sqlite"), "dir");
  await promisify(execFile)(node, [fill, "sqlite", join(cwd, "inbox.sqlite")]);
  return { cwd, store: "sqlite:inbox.sqlite" };
}

const json = (run: Run) => linesOf(run.stdout).map((line) => JSON.parse(line));

describe.each(NEWER_NODE_MAJORS)("inbox on Node %s", (major) => {
  const node = nodeBinary(major);

  it("stats, list, show, purge, replay and replay --dead, as text and as JSON", async () => {
    const { cwd, store } = await project(node);
    const inbox = (...args: string[]) => cli(["inbox", ...args, "--store", store], { node, cwd });

    const stats = await inbox("stats");
    // Not even Node 22's warning that node:sqlite is experimental.
    expect(stats.stderr).toBe("");
    expect(stats.code).toBe(0);
    expect(linesOf(stats.stdout)).toEqual([
      "pending 1",
      "running 0",
      "done    2",
      "dead    1",
      expect.stringMatching(/^oldest unfinished: \d{4}-\d\d-\d\dT[\d:.]+Z$/),
    ]);
    expect(json(await inbox("stats", "--json"))).toEqual([
      {
        counts: { pending: 1, running: 0, done: 2, dead: 1 },
        oldestUnfinishedReceivedAt: expect.any(String),
      },
    ]);

    const listed = json(await inbox("list", "--json"));
    expect(listed.map((each) => [each.id, each.status])).toEqual([
      ["dlv_pending", "pending"],
      ["dlv_done", "done"],
      ["dlv_old_done", "done"],
      ["dlv_dead", "dead"],
    ]);
    expect(listed[3]).toEqual({
      type: "delivery",
      id: "dlv_dead",
      topic: "pdf.failed",
      status: "dead",
      attempt: 1,
      receivedAt: expect.any(String),
      runAt: expect.any(String),
      updatedAt: expect.any(String),
      doneHandlers: [],
      lastError: "HANDLER_FAILED: sendEmail: mail server down",
    });
    const dead = await inbox("list", "--status", "dead");
    expect(linesOf(dead.stdout)).toEqual([
      expect.stringMatching(
        /^\S+Z {2}dead {5}#1 {2}pdf\.failed +dlv_dead {2}HANDLER_FAILED: sendEmail: mail server down$/,
      ),
    ]);
    const paged = json(await inbox("list", "--limit", "3", "--json"));
    expect(paged).toHaveLength(4);
    expect(paged[3]).toEqual({ type: "more", cursor: expect.any(String) });
    const next = json(await inbox("list", "--limit", "3", "--cursor", paged[3].cursor, "--json"));
    expect(next.map((each) => each.id)).toEqual(["dlv_dead"]);

    const shown = await inbox("show", "dlv_dead");
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/^id: +dlv_dead\ntopic: +pdf\.failed\nstatus: +dead\n/);
    expect(shown.stdout).toContain(`\n\n${JSON.stringify(sampleEvents["pdf.failed"])}\n`);
    const [detail] = json(await inbox("show", "dlv_dead", "--json"));
    expect(JSON.parse(detail.body)).toEqual(sampleEvents["pdf.failed"]);
    expect(detail).toMatchObject({ key: "key_dlv_dead", signature: expect.stringMatching(/=$/) });

    const purged = await inbox("purge", "--older-than", "7d");
    expect(purged.stdout).toMatch(/^purged 2 done and dead deliveries received before \S+Z\n$/);
    expect(json(await inbox("list", "--json")).map((each) => each.id)).toEqual([
      "dlv_pending",
      "dlv_done",
    ]);

    const replayed = await inbox("replay", "dlv_done");
    expect(replayed).toMatchObject({
      code: 0,
      stdout: "replayed dlv_done: pending, a worker runs it next\n",
    });
    const notReplayable = await inbox("replay", "dlv_pending");
    expect(notReplayable).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "heron-webhooks: dlv_pending is pending: only a done or dead delivery can be replayed\n",
    });
    expect(json(await inbox("replay", "--dead", "--json"))).toEqual([{ replayed: 0 }]);
    expect(json(await inbox("stats", "--json"))[0].counts).toEqual({
      pending: 2,
      running: 0,
      done: 0,
      dead: 0,
    });
  });
});

describe("inbox, told wrong", () => {
  const node = nodeBinary("24");

  it("replays every dead delivery with replay --dead", async () => {
    const { cwd, store } = await project(node);
    const run = await cli(["inbox", "replay", "--dead", "--store", store], { node, cwd });
    expect(run).toEqual({ code: 0, stdout: "replayed 1 dead delivery\n", stderr: "" });
  });

  it("an unknown ID is exit 1, and every usage error one line and exit 2", async () => {
    const { cwd, store } = await project(node);
    const missing = await cli(["inbox", "show", "dlv_nope", "--store", store], { node, cwd });
    expect(missing).toEqual({
      code: 1,
      stdout: "",
      stderr: 'heron-webhooks: no delivery "dlv_nope" in this inbox\n',
    });
    const cases: [string[], RegExp][] = [
      [["inbox", "stats"], /--store URL is required/],
      [["inbox", "--store", store], /name what to do: stats, list/],
      [["inbox", "explode", "--store", store], /unknown inbox action "explode"/],
      [["inbox", "show", "--store", store], /inbox show needs the delivery's ID/],
      [["inbox", "stats", "extra", "--store", store], /unexpected argument "extra"/],
      [["inbox", "replay", "--store", store], /needs a delivery's ID, or --dead/],
      [["inbox", "purge", "--store", store], /--older-than must be a duration such as 7d/],
      [["inbox", "purge", "--older-than", "a week", "--store", store], /got "a week"/],
      [
        ["inbox", "list", "--status", "failed", "--store", store],
        /--status must be one of pending, running, done, dead/,
      ],
      [["inbox", "stats", "--store", "sqlite:typo.sqlite"], /no inbox at .*typo\.sqlite/],
      [
        ["inbox", "stats", "--store", "mysql://user:pw@db/heron"],
        /^heron-webhooks: --store mysql: is not supported: use sqlite:PATH, postgres:\/\/… or redis:\/\/…\n$/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = await cli(args, { node, cwd });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(linesOf(run.stderr)).toHaveLength(1);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toContain("pw@");
    }
  });

  it("says to install @heron-webhooks/sqlite when the project has not", async () => {
    const { cwd } = await project(node);
    const elsewhere = mkdtempSync(join(tmpdir(), "heron-cli-noproject-"));
    const run = await cli(["inbox", "stats", "--store", `sqlite:${join(cwd, "inbox.sqlite")}`], {
      node,
      cwd: elsewhere,
    });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "heron-webhooks: @heron-webhooks/sqlite is not installed: npm install --save-dev @heron-webhooks/sqlite (in the project, or next to @heron-webhooks/cli)\n",
    });
  });

  it("on Node 20, says what the SQLite store needs, in one line", async () => {
    const { cwd, store } = await project(node);
    const run = await cli(["inbox", "stats", "--store", store], { cwd });
    expect(run.code).toBe(2);
    expect(linesOf(run.stderr)).toEqual([
      expect.stringMatching(
        /^heron-webhooks: @heron-webhooks\/sqlite needs the runtime's own SQLite \(node:sqlite\): Node 22\.13 or later/,
      ),
    ]);
  });
});
