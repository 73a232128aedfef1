// Runs the built bin as a user does: a child process, with its own stdin, stdout, stderr and exit code.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  node?: string;
  env?: Record<string, string>;
  input?: string | Buffer;
  cwd?: string;
}

/** The environment a user's shell might have, without the variables a test sets itself. */
function baseEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    "HERON_WEBHOOK_SECRET",
    "NO_COLOR",
    "FORCE_COLOR",
    "NODE_OPTIONS",
    "NODE_PATH",
  ]) {
    delete env[name];
  }
  return { ...env, ...extra };
}

function requireBuild(): void {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: build the package first (pnpm test builds it).`);
  }
}

function collect(child: ChildProcess): Promise<Run> {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => (stdout += text));
  child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** `heron-webhooks ...args`, to its end. */
export function cli(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  requireBuild();
  const child = spawn(options.node ?? process.execPath, [BIN, ...args], {
    env: baseEnv(options.env),
    cwd: options.cwd,
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin?.end(options.input ?? "");
  return collect(child);
}

/** The same in a pseudo-terminal (util-linux `script`), where stdout and stdin are a TTY. */
export function cliInTerminal(args: readonly string[], options: RunOptions = {}): Promise<Run> {
  requireBuild();
  const quote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
  const command = [options.node ?? process.execPath, BIN, ...args].map(quote).join(" ");
  const child = spawn("script", ["-qefc", command, "/dev/null"], {
    env: baseEnv({ TERM: "xterm", ...options.env }),
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collect(child);
}

export interface Listener {
  /** `http://127.0.0.1:<port>/webhooks/heron`, from its start-up line. */
  url: string;
  /** stdout, a line each. */
  lines: string[];
  stderr: () => string;
  /** Waits until `lines` has `count` lines (at most `waitMs`). */
  waitForLines: (count: number, waitMs?: number) => Promise<string[]>;
  /** SIGTERM, as Ctrl-C would; resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** `heron-webhooks listen --port 0 ...args`, running until stopped. */
export async function startListen(
  args: readonly string[],
  options: RunOptions = {},
): Promise<Listener> {
  requireBuild();
  const child = spawn(options.node ?? process.execPath, [BIN, "listen", "--port", "0", ...args], {
    env: baseEnv(options.env),
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  let partial = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts);
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding("utf8").on("data", (text: string) => {
      stderr += text;
      const match = /listening on (http:\/\/\S+?)(?:,|\s|$)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    exited.then((code) => reject(new Error(`listen exited (${code}):\n${stderr}`)));
  });
  return {
    url,
    lines,
    stderr: () => stderr,
    async waitForLines(count, waitMs = 5000) {
      for (let waited = 0; lines.length < count && waited < waitMs; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return lines;
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Lines of output, without the empty one after the last newline. */
export const linesOf = (text: string) => text.split(/\r?\n/).filter((line) => line !== "");
