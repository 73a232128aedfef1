// Vitest runs on Node 20, which has no node:sqlite: this file runs the package's tests in vitest
// itself under each newer Node from packages/node-runtimes, and checks that every one passed there.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { NEWER_NODE_MAJORS, nodeBinary } from "../../../scripts/node-runtimes.mjs";
import { hasNodeSqlite } from "./support/runtime.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const vitest = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);
// These run here on Node 20: they start the processes of the runtimes they test themselves.
const RUN_HERE = ["newer-nodes.test.ts", "crash.test.ts", "runtimes.test.ts"];
const testFiles = readdirSync(new URL("./", import.meta.url)).filter(
  (name) => name.endsWith(".test.ts") && !RUN_HERE.includes(name),
);
const reports = mkdtempSync(join(tmpdir(), "heron-sqlite-vitest-"));
afterAll(() => rmSync(reports, { recursive: true, force: true }));

interface Report {
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}

function runVitest(node: string, outputFile: string): Promise<{ code: number; output: string }> {
  const args = [
    vitest,
    "run",
    ...testFiles.map((name) => `packages/sqlite/test/${name}`),
    "--reporter=json",
    `--outputFile=${outputFile}`,
  ];
  return new Promise((resolve) => {
    execFile(
      node,
      args,
      { cwd: repo, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}\n${stderr}` }),
    );
  });
}

describe.runIf(!hasNodeSqlite)("the sqlite store's tests on each newer Node", () => {
  it.each(NEWER_NODE_MAJORS)(
    "pass on Node %s",
    async (major) => {
      const outputFile = join(reports, `node${major}.json`);
      const { code, output } = await runVitest(nodeBinary(major), outputFile);
      const report = JSON.parse(readFileSync(outputFile, "utf8")) as Report;
      const failed = report.testResults
        .filter((file) => file.status === "failed")
        .map((file) => file.name);
      expect({ code, failed }, output.slice(-4000)).toEqual({ code: 0, failed: [] });
      expect(report.numFailedTests).toBe(0);
      // Every other test file ran there, rather than being skipped as the store's tests are here.
      const ran = report.testResults
        .filter((file) => file.assertionResults.some((test) => test.status === "passed"))
        .map((file) => file.name.replace(/.*\//, ""));
      expect(ran.sort()).toEqual(testFiles.sort());
    },
    240_000,
  );
});
