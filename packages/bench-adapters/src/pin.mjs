// On Linux with two or more CPUs, autocannon (this process) gets CPU 0 and every server CPU 1. Left to
// the scheduler, they sometimes share a CPU and a run's cost per request doubles, whichever side it is.
import { execFileSync, spawn } from "node:child_process";
import os from "node:os";

function pinThisProcess() {
  if (os.platform() !== "linux" || os.availableParallelism() < 2) return false;
  try {
    execFileSync("taskset", ["--all-tasks", "--pid", "--cpu-list", "0", String(process.pid)], {
      stdio: "ignore",
    });
    return true;
  } catch {
    return false;
  }
}

export const PINNED = pinThisProcess();

/** Starts a Node script (on `node`, default this one) with an IPC channel, on CPU 1 when pinned. */
export function spawnNode(args, node = process.execPath) {
  const options = { stdio: ["ignore", "inherit", "inherit", "ipc"] };
  return PINNED
    ? spawn("taskset", ["--cpu-list", "1", node, ...args], options)
    : spawn(node, args, options);
}
