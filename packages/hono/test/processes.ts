import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface ServerProcess {
  url: string;
  /** Resolves with the first `count` lines the process printed on stdout, once it has printed them. */
  stdoutLines(count: number): Promise<string[]>;
  close(): Promise<void>;
}

/** Collects a stream's text and lets callers wait until it holds what they need. */
function collect(stream: Readable | null) {
  let text = "";
  const waiting = new Set<() => void>();
  stream?.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
    for (const check of waiting) check();
  });
  return {
    text: () => text,
    until<T>(pick: (text: string) => T | undefined, child: ChildProcess): Promise<T> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = pick(text);
          if (found === undefined) return;
          waiting.delete(check);
          child.off("exit", onExit);
          resolve(found);
        };
        const onExit = (code: number | null) => {
          waiting.delete(check);
          reject(new Error(`the process exited (${code}) before printing what the test waits for`));
        };
        waiting.add(check);
        child.once("exit", onExit);
        check();
      });
    },
  };
}

/**
 * Starts a server process and waits until it says where it listens: `listening on <url>` on stderr,
 * or workerd's JSON message on its control descriptor (fd 3).
 */
export async function startServerProcess(options: {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Read the port from workerd's `--control-fd=3` messages instead of stderr. */
  controlFd?: boolean;
}): Promise<ServerProcess> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe", ...(options.controlFd ? (["pipe"] as const) : [])],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const announcements = options.controlFd ? collect(child.stdio[3] as Readable) : stderr;
  try {
    const url = await announcements.until((text) => {
      const port = text.match(/"port":(\d+)/)?.[1];
      return port ? `http://127.0.0.1:${port}` : text.match(/listening on (http:\/\/\S+)/)?.[1];
    }, child);
    return {
      url,
      stdoutLines: (count) =>
        stdout.until((text) => {
          const lines = text.split("\n").slice(0, -1);
          return lines.length >= count ? lines.slice(0, count) : undefined;
        }, child),
      close: async () => {
        child.kill();
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    throw new Error(`${(error as Error).message}\n${stderr.text()}`);
  }
}
