// The store on the other runtimes that have node:sqlite (Bun, Deno), and its CommonJS build on each
// newer Node: one delivery through its whole life on the package's build (test/runtimes/smoke.mjs).
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { NEWER_NODE_MAJORS, nodeBinary } from "../../../scripts/node-runtimes.mjs";

const require = createRequire(import.meta.url);
const script = fileURLToPath(new URL("./runtimes/smoke.mjs", import.meta.url));
const dist = fileURLToPath(new URL("../dist/", import.meta.url));

/** A runtime binary shipped in an npm package: a missing one fails the test, never skips it. */
function binary(packageName: string, file: string): string {
  const path = join(dirname(require.resolve(`${packageName}/package.json`)), file);
  if (!existsSync(path)) throw new Error(`${packageName} has no ${file}: run pnpm install.`);
  return path;
}

const runtimes = [
  {
    name: "bun",
    prints: /^runtime: bun /m,
    command: () => [binary("@oven/bun-linux-x64", "bin/bun"), script],
  },
  {
    name: "deno",
    prints: /^runtime: deno /m,
    command: () => [
      binary("@deno/linux-x64-glibc", "deno"),
      "run",
      "--no-lock",
      "--allow-read",
      "--allow-write",
      "--allow-env",
      script,
    ],
  },
  ...NEWER_NODE_MAJORS.map((major) => ({
    name: `node ${major}, CommonJS build`,
    prints: new RegExp(`^runtime: node ${major}\\.\\S+ \\(cjs\\)$`, "m"),
    command: () => [nodeBinary(major), script, "--cjs"],
  })),
];

describe.each(runtimes)("on $name", ({ name, prints, command }) => {
  it("accepts, claims, settles and reopens a delivery", async () => {
    if (!existsSync(join(dist, "index.js")))
      throw new Error(`build the package first (npx tsup): ${dist}`);
    const [file, ...args] = command();
    const { code, stdout, stderr } = await new Promise<{
      code: number;
      stdout: string;
      stderr: string;
    }>((resolve) =>
      execFile(
        file as string,
        args,
        { env: { ...process.env, NO_COLOR: "1" } },
        (error, out, err) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stdout: out, stderr: err }),
      ),
    );
    expect(code, `${name}:\n${stdout}\n${stderr}`).toBe(0);
    expect(stdout).toMatch(prints);
    expect(stdout).toMatch(/^ok$/m);
  });
});
