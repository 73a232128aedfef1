// A child process of the multi-process test, running a script of this folder on the package's
// build and reporting through JSON lines on stdout.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const build = fileURLToPath(new URL("../../dist/index.js", import.meta.url));

export interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first JSON line that has `field`. */
  waitFor<T>(field: string, timeoutMs?: number): Promise<T>;
  readonly exited: Promise<unknown>;
  kill9(): Promise<void>;
}

export function startChild(script: string, args: readonly string[]): Child {
  if (!existsSync(build)) {
    throw new Error(
      `${build} is missing: build first (npx turbo run build --filter=@heron-webhooks/redis)`,
    );
  }
  const child = spawn(
    process.execPath,
    [fileURLToPath(new URL(script, import.meta.url)), ...args],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const lines: Record<string, unknown>[] = [];
  const listeners = new Set<() => void>();
  let partial = "";
  child.stdout?.setEncoding("utf8").on("data", (text: string) => {
    const split = (partial + text).split("\n");
    partial = split.pop() ?? "";
    for (const line of split) if (line.trim()) lines.push(JSON.parse(line));
    for (const listener of listeners) listener();
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    process: child,
    exited,
    waitFor<T>(field: string, timeoutMs = 20_000) {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const line = lines.find((l) => field in l);
          if (!line) return;
          done();
          resolve(line[field] as T);
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${script} printed no ${field} in ${timeoutMs} ms`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          done();
          reject(new Error(`${script} exited before printing ${field}`));
        });
        check();
      });
    },
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}
