import { type ChildProcess, spawn } from "node:child_process";
import type { Readable } from "node:stream";

export interface ServerProcess {
  url: string;
  /** Everything the process wrote to stderr so far: for failure messages. */
  stderr(): string;
  close(): Promise<void>;
}

function firstMatch(stream: Readable, pattern: RegExp, child: ChildProcess, errors: () => string) {
  return new Promise<RegExpMatchArray>((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = text.match(pattern);
      if (!match) return;
      stream.off("data", onData);
      child.off("exit", onExit);
      resolve(match);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the server exited (${code}) before listening:\n${text}\n${errors()}`));
    stream.on("data", onData);
    child.once("exit", onExit);
  });
}

/**
 * Starts a server process and waits until it says where it listens: a line on stdout, or workerd's
 * JSON message on its control descriptor (fd 3).
 */
export async function startServerProcess(options: {
  command: string;
  args: string[];
  cwd: string;
  env?: Record<string, string>;
  /** Read the port from workerd's `--control-fd=3` messages instead of stdout. */
  controlFd?: boolean;
}): Promise<ServerProcess> {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe", ...(options.controlFd ? (["pipe"] as const) : [])],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const url = options.controlFd
      ? `http://127.0.0.1:${(await firstMatch(child.stdio[3] as Readable, /"port":(\d+)/, child, () => stderr))[1]}`
      : (
          await firstMatch(
            child.stdout as Readable,
            /listening on (http:\/\/\S+)/,
            child,
            () => stderr,
          )
        )[1];
    return {
      url: url as string,
      stderr: () => stderr,
      close: async () => {
        child.kill();
        await exited;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}
