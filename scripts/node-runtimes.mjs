// The Node binaries users run, from the npm registry (packages/node-runtimes): tests run on each of them.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const fromRuntimes = createRequire(
  new URL("../packages/node-runtimes/package.json", import.meta.url),
);

/** Majors installed in packages/node-runtimes, besides the Node that runs the tests. */
const INSTALLED_MAJORS = ["22", "24", "26"];

/**
 * The newer majors a test also runs its child processes on. None when the whole suite is already
 * running on each of them (scripts/vitest-on-newer-nodes.mjs sets HERON_TESTS_ON_ONE_NODE).
 */
export const NEWER_NODE_MAJORS = process.env.HERON_TESTS_ON_ONE_NODE ? [] : INSTALLED_MAJORS;

/**
 * The `node` binary of a major from packages/node-runtimes; a missing one throws, never skips. Any
 * installed major, whatever NEWER_NODE_MAJORS says: some tests need a Node with node:sqlite.
 */
export function nodeBinary(major) {
  if (!INSTALLED_MAJORS.includes(major)) {
    throw new Error(`Node ${major} is not in packages/node-runtimes.`);
  }
  let directory;
  try {
    directory = dirname(fromRuntimes.resolve(`node${major}/package.json`));
  } catch {
    throw new Error(`node${major} is not installed (packages/node-runtimes): run pnpm install.`);
  }
  const path = join(directory, "bin/node");
  if (!existsSync(path)) throw new Error(`node${major} has no bin/node: expected ${path}`);
  return path;
}

/** This Node and every newer major: `{ version, binary }` for each. */
export function nodeRuntimes() {
  return [
    { version: process.versions.node.split(".")[0], binary: process.execPath },
    ...NEWER_NODE_MAJORS.map((version) => ({ version, binary: nodeBinary(version) })),
  ];
}
