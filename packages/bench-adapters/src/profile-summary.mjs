// Where a server's CPU time went: `node src/profile-summary.mjs <file.cpuprofile> [top]`.
// Prints the functions with the most self time and with the most total (self + callees) time.
import { readFileSync } from "node:fs";
import { basename } from "node:path";

const [file, top = "25"] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

const selfMicros = new Map();
profile.samples.forEach((id, index) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});

function label({ callFrame: { functionName, url, lineNumber } }) {
  const where = url ? `${basename(url)}:${lineNumber + 1}` : "native";
  return `${functionName || "(anonymous)"} ${where}`;
}

const self = new Map();
const total = new Map();
// Total time per function counts each sample once even when the function recurses.
function walk(node, onStack) {
  const name = label(node);
  let subtree = selfMicros.get(node.id) ?? 0;
  self.set(name, (self.get(name) ?? 0) + subtree);
  const inner = new Set(onStack).add(name);
  for (const child of node.children ?? []) subtree += walk(byId.get(child), inner);
  if (!onStack.has(name)) total.set(name, (total.get(name) ?? 0) + subtree);
  return subtree;
}
walk(profile.nodes[0], new Set());

const all = [...selfMicros.values()].reduce((sum, value) => sum + value, 0);
const idle = self.get("(idle) native") ?? 0;
const busy = all - idle;
function print(title, table) {
  console.log(`\n${title} (% of busy time, ${(busy / 1e6).toFixed(2)} s busy)`);
  const rows = [...table].filter(
    ([name]) => !name.startsWith("(idle)") && !name.startsWith("(root)"),
  );
  for (const [name, micros] of rows.sort((a, b) => b[1] - a[1]).slice(0, Number(top))) {
    console.log(`${((100 * micros) / busy).toFixed(1).padStart(6)}%  ${name}`);
  }
}
print("self", self);
print("total", total);
