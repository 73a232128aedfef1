// How long `heron-webhooks --help` takes to start, against bare `node` measured in the same run:
// each round runs every case once, in turn, and the table shows the medians and their ratios.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const rounds = Number(process.argv[2] ?? 30);
const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const cases = {
  "node -e 0 (baseline)": ["-e", "0"],
  "heron-webhooks --help": [bin, "--help"],
  "heron-webhooks trigger --help": [bin, "trigger", "--help"],
  "heron-webhooks --version": [bin, "--version"],
  // What --help would cost if it loaded core, as the commands do.
  "node: import core + testing": [
    "--input-type=module",
    "-e",
    "await import('@heron-webhooks/core'); await import('@heron-webhooks/core/testing');",
  ],
};

const times = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
for (let round = 0; round < rounds; round++) {
  for (const [name, args] of Object.entries(cases)) {
    const started = performance.now();
    execFileSync(process.execPath, args, {
      stdio: "ignore",
      cwd: fileURLToPath(new URL("..", import.meta.url)),
    });
    times[name].push(performance.now() - started);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const baseline = median(times["node -e 0 (baseline)"]);
console.log(`Node ${process.version}, ${rounds} alternating rounds, medians:\n`);
for (const [name, values] of Object.entries(times)) {
  const ms = median(values);
  console.log(
    `${name.padEnd(32)} ${ms.toFixed(1).padStart(7)} ms  ${(ms / baseline).toFixed(2)}×  (+${(ms - baseline).toFixed(1)} ms)`,
  );
}
