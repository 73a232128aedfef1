import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const build = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  /** Every JSON line it printed so far. */
  readonly messages: unknown[];
  /** Resolves with the first message `match` accepts. */
  next(match: (message: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  readonly exited: Promise<number | null>;
  kill9(): Promise<void>;
}

/** Runs a script of test/support (by default one that imports the package's build), reading the JSON lines it prints. */
export function startChild(
  script: string,
  args: readonly string[] = [],
  env = {},
  { stdin = false, needsBuild = true } = {},
): Child {
  if (needsBuild && !existsSync(build)) {
    throw new Error(
      `${build} is missing: build the package first (npx turbo run build --filter=@heron-webhooks/postgres).`,
    );
  }
  const started = spawn(
    process.execPath,
    [fileURLToPath(new URL(`./${script}`, import.meta.url)), ...args],
    { stdio: [stdin ? "pipe" : "ignore", "pipe", "inherit"], env: { ...process.env, ...env } },
  );
  const messages: unknown[] = [];
  const listeners = new Set<() => void>();
  let partial = "";
  started.stdout?.setEncoding("utf8").on("data", (text: string) => {
    const lines = (partial + text).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) if (line.trim()) messages.push(JSON.parse(line));
    for (const listener of listeners) listener();
  });
  const exited = new Promise<number | null>((resolve) => started.once("exit", resolve));
  return {
    process: started,
    messages,
    exited,
    next(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found === undefined) return false;
          cleanup();
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `${script}: no matching message in ${timeoutMs} ms (got ${JSON.stringify(messages)})`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        const listener = () => void check();
        listeners.add(listener);
        void exited.then(() => {
          if (!check()) {
            cleanup();
            reject(
              new Error(
                `${script} exited before a matching message (got ${JSON.stringify(messages)})`,
              ),
            );
          }
        });
        check();
      });
    },
    async kill9() {
      started.kill("SIGKILL");
      await exited;
    },
  };
}
