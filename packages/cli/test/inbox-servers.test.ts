// inbox on the real PostgreSQL and Redis of the machine (HERON_TEST_POSTGRES_URL, HERON_TEST_REDIS_URL),
// each inbox in its own schema or key prefix, filled through the store interface.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, symlinkSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { cli, linesOf } from "./support/cli.js";

const fill = fileURLToPath(new URL("./support/fill-inbox.mjs", import.meta.url));
const POSTGRES_URL =
  process.env.HERON_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const REDIS_URL = process.env.HERON_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** Whether something listens at the URL's host and port; CI must have both servers. */
function reachable(url: string, port: number): Promise<boolean> {
  const { hostname, port: given } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(given || port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

const servers = [
  { kind: "postgres", url: POSTGRES_URL, port: 5432, flag: "--schema", pkg: "postgres" },
  { kind: "redis", url: REDIS_URL, port: 6379, flag: "--prefix", pkg: "redis" },
];
const up = await Promise.all(servers.map((server) => reachable(server.url, server.port)));
for (const [index, server] of servers.entries()) {
  if (!up[index] && process.env.CI === "true")
    throw new Error(`CI needs ${server.kind} at ${new URL(server.url).host}`);
}

describe.each(servers.filter((_, index) => up[index]))(
  "inbox --store $kind://",
  ({ kind, url, flag, pkg }) => {
    it("stats, list, replay --dead and purge, from a project with the store installed", async () => {
      const cwd = mkdtempSync(join(tmpdir(), `heron-cli-${kind}-`));
      mkdirSync(join(cwd, "node_modules/@heron-webhooks"), { recursive: true });
      const storePackage = fileURLToPath(new URL(`../../${pkg}/`, import.meta.url));
      symlinkSync(storePackage, join(cwd, `node_modules/@heron-webhooks/${pkg}`), "dir");
      const name =
        kind === "redis"
          ? `heron:{cli-${randomBytes(4).toString("hex")}}:`
          : `cli_${randomBytes(4).toString("hex")}`;
      await promisify(execFile)(process.execPath, [fill, kind, url, name]);
      const inbox = (...args: string[]) =>
        cli(["inbox", ...args, "--store", url, flag, name, "--json"], { cwd });

      const stats = await inbox("stats");
      expect(stats.stderr).toBe("");
      expect(JSON.parse(stats.stdout).counts).toEqual({ pending: 1, running: 0, done: 2, dead: 1 });
      const listed = linesOf((await inbox("list")).stdout).map((line) => JSON.parse(line));
      expect(listed.map((each) => each.id)).toEqual([
        "dlv_pending",
        "dlv_done",
        "dlv_old_done",
        "dlv_dead",
      ]);
      expect(JSON.parse((await inbox("purge", "--older-than", "7d")).stdout)).toMatchObject({
        purged: 2,
      });
      expect(JSON.parse((await inbox("replay", "dlv_done")).stdout)).toEqual({
        replayed: 1,
        id: "dlv_done",
      });
      expect(JSON.parse((await inbox("stats")).stdout).counts).toEqual({
        pending: 2,
        running: 0,
        done: 0,
        dead: 0,
      });
    });
  },
);

describe("inbox store URLs, told wrong", () => {
  it("a store's option on another store is a usage error", async () => {
    const run = await cli(["inbox", "stats", "--store", "redis://127.0.0.1:6379", "--schema", "x"]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: "heron-webhooks: --schema is not an option of redis:// stores\n",
    });
  });

  it("a store that cannot be reached is one line, without the password", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "heron-cli-unreachable-"));
    mkdirSync(join(cwd, "node_modules/@heron-webhooks"), { recursive: true });
    symlinkSync(
      fileURLToPath(new URL("../../postgres/", import.meta.url)),
      join(cwd, "node_modules/@heron-webhooks/postgres"),
      "dir",
    );
    const run = await cli(
      ["inbox", "stats", "--store", "postgres://heron:s3cr3t-pw@127.0.0.1:9/heron"],
      { cwd },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)).toEqual([expect.stringMatching(/^heron-webhooks: /)]);
    expect(run.stderr).not.toContain("s3cr3t-pw");
  });
});
