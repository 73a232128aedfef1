// A child process of a multi-process test: a script run on its own Node, reporting through the JSON
// lines it prints on stdout.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";

export interface Child {
  readonly process: ChildProcess;
  /** Every JSON line it printed so far. */
  readonly messages: unknown[];
  /** Resolves with the first message `match` accepts. */
  next(match: (message: unknown) => boolean, timeoutMs?: number): Promise<unknown>;
  /** Resolves with `field` of the first message that has it. */
  waitFor<T>(field: string, timeoutMs?: number): Promise<T>;
  readonly exited: Promise<number | null>;
  kill9(): Promise<void>;
}

/** Throws unless a package's build is there: the children import the build, not the sources. */
export function requireBuild(build: URL, packageName: string): void {
  if (!existsSync(build)) {
    throw new Error(
      `${fileURLToPath(build)} is missing: build the package first (npx turbo run build --filter=${packageName}).`,
    );
  }
}

export function startChild(
  script: URL,
  args: readonly string[] = [],
  { env = {}, stdin = false }: { env?: Record<string, string>; stdin?: boolean } = {},
): Child {
  const name = basename(fileURLToPath(script));
  const started = spawn(process.execPath, [fileURLToPath(script), ...args], {
    stdio: [stdin ? "pipe" : "ignore", "pipe", "inherit"],
    env: { ...process.env, ...env },
  });
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
  const next = (match: (message: unknown) => boolean, timeoutMs = 60_000) =>
    new Promise<unknown>((resolve, reject) => {
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
            `${name}: no matching message in ${timeoutMs} ms (got ${JSON.stringify(messages)})`,
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
            new Error(`${name} exited before a matching message (got ${JSON.stringify(messages)})`),
          );
        }
      });
      check();
    });
  const has = (field: string) => (message: unknown) =>
    typeof message === "object" && message !== null && field in message;
  return {
    process: started,
    messages,
    exited,
    next,
    async waitFor<T>(field: string, timeoutMs?: number) {
      const found = (await next(has(field), timeoutMs)) as Record<string, unknown>;
      return found[field] as T;
    },
    async kill9() {
      if (started.exitCode === null && started.signalCode === null) started.kill("SIGKILL");
      await exited;
    },
  };
}
