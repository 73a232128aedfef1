// `pnpm test:newer-nodes`: the whole vitest suite on each newer Node users run (22, 24, 26 from
// packages/node-runtimes), one after the other; `pnpm test` runs it on this machine's Node, and starts
// the examples, core's runtime scripts, the stores and the CLI on every Node itself. Inside these runs
// HERON_TESTS_ON_ONE_NODE is set, so tests that start child processes on every Node themselves
// (examples, core's runtime scripts) use only the Node that runs them.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { NEWER_NODE_MAJORS, nodeBinary } from "./node-runtimes.mjs";

const repo = fileURLToPath(new URL("..", import.meta.url));
const vitest = join(
  dirname(createRequire(import.meta.url).resolve("vitest/package.json")),
  "vitest.mjs",
);
const failed = [];
for (const major of NEWER_NODE_MAJORS) {
  console.log(`\n=== vitest on Node ${major} ===`);
  const run = spawnSync(nodeBinary(major), [vitest, "run", ...process.argv.slice(2)], {
    cwd: repo,
    stdio: "inherit",
    env: { ...process.env, HERON_TESTS_ON_ONE_NODE: "1" },
  });
  if (run.status !== 0) failed.push(major);
}
if (failed.length > 0) {
  console.error(`vitest failed on Node ${failed.join(", ")}`);
  process.exit(1);
}
