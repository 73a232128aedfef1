// Each README quickstart, done as a new user does it: a fresh `npm init -y` project (CommonJS, npm 11), the
// commands of the README's first sh block, the packed packages, its files, `node <file>`, signed deliveries.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeRuntimes } from "../scripts/node-runtimes.mjs";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../", import.meta.url));
const secret = "whsec_quickstart_test";
const published = ["core", "express", "fastify", "koa", "hono"];
// The files each quickstart saves, in the order of its first js blocks (as test/readme-quickstarts.test.ts).
const quickstarts: Record<string, string[]> = {
  core: ["server.js"],
  express: ["server.js"],
  fastify: ["server.js"],
  koa: ["server.js"],
  hono: ["app.js", "server.js"],
};
const stepMs = 90_000;
const startMs = 30_000;
const nodes = nodeRuntimes();
// One Node when HERON_TESTS_ON_ONE_NODE is set (scripts/vitest-on-newer-nodes.mjs runs this file on each).
const bracketingNodes = [...new Set([nodes[0], nodes.at(-1)])].filter((node) => node !== undefined);

const scratch = mkdtempSync(join(tmpdir(), "heron-quickstarts-"));
const tarballs: Record<string, string> = {};
const projects = new Map<string, string>();
const children = new Set<ChildProcess>();

function readme(pkg: string): string {
  return readFileSync(join(root, "packages", pkg, "README.md"), "utf8");
}

/** The README's first sh block as commands, each `&&` part on its own, comments dropped. */
function setupCommands(text: string): string[][] {
  const block = /```sh\n([\s\S]*?)```/.exec(text)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean)
    .flatMap((line) => line.split("&&").map((part) => part.trim().split(/\s+/)));
}

/** What the user runs: `HERON_WEBHOOK_SECRET=… node <file>` in the README. */
function entryFile(text: string): string | undefined {
  return /HERON_WEBHOOK_SECRET=… node (\S+?)`/.exec(text)?.[1];
}

beforeAll(async () => {
  // turbo builds the packages before vitest in `pnpm test`; pack what was built.
  const packed = join(scratch, "tarballs");
  await Promise.all(
    published.map((pkg) =>
      run(join(root, "node_modules/.bin/pnpm"), ["pack", "--pack-destination", join(packed, pkg)], {
        cwd: join(root, "packages", pkg),
        timeout: stepMs,
      }),
    ),
  );
  for (const pkg of published) {
    const [file] = readdirSync(join(packed, pkg));
    if (!file) throw new Error(`pnpm pack left no tarball for ${pkg}`);
    tarballs[`@heron-webhooks/${pkg}`] = join(packed, pkg, file);
  }
  // One project per quickstart, installed side by side: npm mostly waits on the registry.
  const created = await Promise.all(published.map(createProject));
  for (const [index, pkg] of published.entries()) projects.set(pkg, created[index] ?? "");
}, 2 * stepMs);

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
}, stepMs);

async function createProject(pkg: string): Promise<string> {
  const text = readme(pkg);
  const project = join(scratch, pkg);
  const commands = setupCommands(text);
  expect(commands[0], "the sh block starts a project with npm init -y").toEqual([
    "npm",
    "init",
    "-y",
  ]);
  mkdirSync(project);
  for (const [command, ...args] of commands) {
    expect(command).toBe("npm");
    const isInstall = args[0] === "install" || args[0] === "i";
    // Our packages from their tarballs; frameworks from the registry, as a user gets them.
    const resolved = args.map((arg) => tarballs[arg] ?? arg);
    if (isInstall) resolved.push("--no-audit", "--no-fund", "--prefer-offline");
    await run("npm", resolved, { cwd: project, timeout: stepMs, env: userEnv() });
    if (args[0] === "init") {
      // The case the README must cover: npm 11 makes the new project CommonJS.
      const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
      expect(manifest.type, "npm init -y writes a CommonJS package.json").toBe("commonjs");
    }
  }
  const blocks = [...text.matchAll(/```(?:js|javascript)\n([\s\S]*?)```/g)];
  quickstarts[pkg]?.forEach((file, index) => {
    writeFileSync(join(project, file), blocks[index]?.[1] ?? "");
  });
  return project;
}

/** A user's shell: no NODE_PATH or workspace variables leaking from pnpm. */
function userEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME };
}

interface Started {
  url: string;
  lines: string[];
  stop: () => Promise<void>;
}

async function start(node: string, project: string, file: string): Promise<Started> {
  const child = spawn(node, [file], {
    cwd: project,
    env: { ...userEnv(), HERON_WEBHOOK_SECRET: secret, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => children.delete(child));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await exited;
  };
  const lines: string[] = [];
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    lines.push(...text.split("\n").filter(Boolean));
  });
  let stderr = "";
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${file} did not listen:\n${stderr}`)),
      startMs,
    );
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
      const match = /listening on (http:\/\/\S+?)\/?(?:\s|$)/.exec(stderr);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(`${match[1]}/webhooks/heron`);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited (${code}):\n${stderr}`));
    });
  });
  try {
    return { url: await url, lines, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function waitForLine(lines: string[], waitMs: number): Promise<string | undefined> {
  for (let waited = 0; lines.length === 0 && waited < waitMs; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return lines[0];
}

describe.each(published)("packages/%s/README.md quickstart", (pkg) => {
  it("says what file to run", () => {
    expect(entryFile(readme(pkg))).toBe(quickstarts[pkg]?.at(-1));
  });

  // The oldest and the newest Node users run; examples.test.ts runs the same files on every major between.
  it.for(bracketingNodes)(
    "runs on Node $version: 200 and the JSON line, 401 when tampered",
    { timeout: startMs + 10_000 },
    async ({ binary }) => {
      const file = entryFile(readme(pkg)) ?? "server.js";
      const server = await start(binary, projects.get(pkg) ?? "", file);
      try {
        const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
        const accepted = await fetch(server.url, { method: "POST", ...delivery });
        expect(accepted.status).toBe(200);
        const line = await waitForLine(server.lines, 2000);
        expect(JSON.parse(line ?? "null")).toEqual(JSON.parse(delivery.body));

        const tampered = await fetch(server.url, {
          method: "POST",
          headers: delivery.headers,
          body: delivery.body.replace("end_user.processed", "end_user.failed"),
        });
        expect(tampered.status).toBe(401);
        expect(server.lines).toHaveLength(1);
      } finally {
        await server.stop();
      }
    },
  );
});
