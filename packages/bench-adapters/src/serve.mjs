// Child process: starts one server of one target and tells the parent its port.
// Usage (from bench.mjs): fork("serve.mjs", [targetName, "handWritten" | "adapter"]).
import { TARGETS } from "./targets.mjs";

const [name, side] = process.argv.slice(2);
const target = TARGETS.find((candidate) => candidate.name === name);
const servers = await import(target.servers);
const framework = target.framework ? await import(target.framework) : undefined;
const port = await servers[side](framework?.default ?? framework);
process.send({ port });
// CPU time the server spent, asked for around each run: per request it barely moves when other
// processes compete for the cores, unlike req/s.
process.on("message", () => {
  const { user, system } = process.cpuUsage();
  process.send({ cpuMicros: user + system });
});
// The parent ends us by disconnecting (or by dying): never outlive it.
process.on("disconnect", () => process.exit(0));
