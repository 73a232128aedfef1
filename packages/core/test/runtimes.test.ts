import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NEWER_NODE_MAJORS, nodeBinary } from "../../../scripts/node-runtimes.mjs";
import { distFile } from "./support/dist.js";

// Core's vector and property scripts (test/runtimes/*.mjs) run on core's build under each runtime.
const require = createRequire(import.meta.url);
const scripts = fileURLToPath(new URL("./runtimes/", import.meta.url));
const repo = fileURLToPath(new URL("../../../", import.meta.url));

/** A runtime binary shipped in an npm package: a missing one fails the test, never skips it. */
function binary(packageName: string, file: string): string {
  let directory: string;
  try {
    directory = dirname(require.resolve(`${packageName}/package.json`));
  } catch {
    throw new Error(`${packageName} is not installed: it is a devDependency, run pnpm install.`);
  }
  const path = join(directory, file);
  if (!existsSync(path)) throw new Error(`${packageName} has no ${file}: expected ${path}`);
  return path;
}

/** `prints`: how the runtime names itself on the scripts' `runtime:` line (a regex). */
const runtimes: { name: string; prints: string; command: () => string[] }[] = [
  { name: "node", prints: "node ", command: () => [process.execPath] },
  ...NEWER_NODE_MAJORS.map((major) => ({
    name: `node ${major}`,
    prints: `node ${major}\\.`,
    command: () => [nodeBinary(major)],
  })),
  { name: "bun", prints: "bun ", command: () => [binary("@oven/bun-linux-x64", "bin/bun")] },
  {
    name: "deno",
    prints: "deno ",
    command: () => [
      binary("@deno/linux-x64-glibc", "deno"),
      "run",
      "--no-lock",
      `--allow-read=${repo}`,
    ],
  },
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run([command, ...args]: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
    execFile(command as string, args, { cwd: scripts, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.each(runtimes)("on $name", ({ name, prints, command }) => {
  it.each([
    ["vectors", "node"],
    ["vectors", "web"],
    ["properties", "node"],
    ["properties", "web"],
  ])("%s pass with the %s build", async (script, build) => {
    distFile(`index.${build}.js`);
    const result = await run([...command(), `${script}.mjs`, `--build=${build}`]);
    expect(
      result.code,
      `${name} ${script}.mjs --build=${build}:\n${result.stdout}\n${result.stderr}`,
    ).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^runtime: ${prints}.*/dist/index\\.${build}\\.js$`, "m"),
    );
    expect(result.stdout).toMatch(/^[1-9]\d* passed, 0 failed$/m);
  });

  it("a failing check fails the run", async () => {
    const result = await run([...command(), "must-fail.mjs"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toMatch(/^0 passed, 1 failed$/m);
  });
});
