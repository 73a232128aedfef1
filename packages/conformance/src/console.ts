import { format } from "node:util";

const METHODS = ["error", "warn", "info", "log", "debug", "trace"] as const;

/**
 * Runs `work` with every console method of this process recording instead of printing, and gives
 * the lines written: the servers under test run in this process, so this is what they would log.
 */
export async function captureConsole<T>(
  work: () => Promise<T>,
): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const originals = METHODS.map((method) => [method, console[method]] as const);
  for (const method of METHODS) {
    console[method] = (...args: unknown[]) => {
      lines.push(...format(...args).split("\n"));
      // console.trace prints the stack of its caller: keep it, it is a stack in the log.
      if (method === "trace") lines.push(...(new Error().stack ?? "").split("\n").slice(1));
    };
  }
  try {
    return { result: await work(), lines };
  } finally {
    for (const [method, original] of originals) console[method] = original;
  }
}
