// A tiny runner that works the same on Node, Bun and Deno: no test framework to port.
import process from "node:process";

let passed = 0;
let failed = 0;

export async function check(name, run) {
  try {
    await run();
    passed++;
  } catch (error) {
    failed++;
    console.error(`not ok - ${name}\n${error?.stack ?? error}`);
  }
}

/** Prints the closing count; the exit code fails the run when anything failed or nothing ran. */
export function finish() {
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0 || passed === 0) process.exitCode = 1;
}
