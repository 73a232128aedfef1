import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "./processes.js";
import { expectHeronAnswers } from "./runtime-checks.js";
import { startWorkerd, type WorkerdServer } from "./workerd.js";

// These run the BUILT packages, as users install them: `npx tsup` in packages/core and packages/hono first.
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const runtimesDir = join(packageDir, "test", "runtimes");
const bun = join(packageDir, "node_modules/@oven/bun-linux-x64/bin/bun");
const deno = join(packageDir, "node_modules/@deno/linux-x64-glibc/deno");
const secret = "whsec_runtimes";

beforeAll(() => {
  for (const built of [
    "dist/index.js",
    "../core/dist/index.node.js",
    "../core/dist/index.web.js",
  ]) {
    if (!existsSync(join(packageDir, built))) {
      throw new Error(
        `${built} is missing: run \`npx tsup\` in packages/core and packages/hono first.`,
      );
    }
  }
});

describe.each([
  { name: "Bun", command: bun, args: ["run", "bun-server.js"] },
  {
    name: "Deno",
    command: deno,
    args: ["run", "--no-prompt", "--allow-net", "--allow-env", "--allow-read", "deno-server.js"],
  },
])("heron-webhooks/hono on $name", ({ command, args }) => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await startServerProcess({
      command,
      args,
      cwd: runtimesDir,
      env: { HERON_WEBHOOK_SECRET: secret, DENO_NO_UPDATE_CHECK: "1" },
    });
  });
  afterAll(() => server?.close());

  it("accepts signed deliveries and rejects tampered and oversized ones", async () => {
    await expectHeronAnswers(server.url, secret);
  });
});

describe("heron-webhooks/hono on Cloudflare Workers (workerd)", () => {
  let server: WorkerdServer;
  beforeAll(async () => {
    server = await startWorkerd(join(runtimesDir, "worker.js"), { HERON_WEBHOOK_SECRET: secret });
  });
  afterAll(() => server?.close());

  it("bundles core's Web Crypto build, not the node:crypto one", () => {
    const core = server.bundledInputs.filter((input) => input.includes("core/dist/"));
    // The web entries share their modules through the chunks that index.web.js imports.
    const webEntry = readFileSync(join(packageDir, "../core/dist/index.web.js"), "utf8");
    const webChunks = [...webEntry.matchAll(/from "\.\/(chunk-[\w-]+\.js)"/g)].map(
      (match) => `core/dist/${match[1]}`,
    );
    expect(webChunks.length).toBeGreaterThan(0);
    const bundled = core.map((input) => input.slice(input.indexOf("core/dist/")));
    const web = new Set(["core/dist/adapter.web.js", "core/dist/index.web.js", ...webChunks]);
    expect(bundled.filter((input) => !web.has(input))).toEqual([]);
    expect(bundled).toEqual(expect.arrayContaining(webChunks));
  });

  it("accepts signed deliveries and rejects tampered and oversized ones", async () => {
    await expectHeronAnswers(server.url, secret);
  });
});

describe("heron-webhooks/hono on Node", () => {
  it("resolves core's node:crypto build from the built adapter, for import and require", () => {
    const fromDist = createRequire(join(packageDir, "dist/index.cjs"));
    expect(fromDist.resolve("@heron-webhooks/core")).toMatch(/core[/\\]dist[/\\]index\.node\.cjs$/);
    const esm = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", 'console.log(import.meta.resolve("@heron-webhooks/core"))'],
      { cwd: join(packageDir, "dist"), encoding: "utf8" },
    );
    expect(esm.stdout.trim()).toMatch(/core\/dist\/index\.node\.js$/);
  });
});
