// A process using a store on a shared file, for the multi-process tests: it runs on the package's
// build under the Node that runs the test. Prints one JSON line per result.
import { sqliteInbox } from "../../dist/index.js";

const [mode, path, count] = process.argv.slice(2);
const store = sqliteInbox({ path });
const delivery = (key) => ({
  id: `${process.pid}-${key}`,
  key,
  topic: "end_user.processed",
  body: new TextEncoder().encode(`{"key":"${key}"}`),
  signature: "c2ln",
  receivedAt: 1_000,
});
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

if (mode === "accept-forever") {
  // Prints each key once its accept resolved: those must all be in the file after a kill -9.
  for (let i = 0; ; i++) {
    await store.accept(delivery(`key-${i}`), { retainSince: 0 });
    print(`key-${i}`);
  }
}

if (mode === "share") {
  // Accepts the same keys as its twin, then claims until nothing is due.
  const fresh = [];
  for (let i = 0; i < Number(count); i++) {
    const result = await store.accept(delivery(`key-${i}`), { retainSince: 0 });
    if (!result.duplicate) fresh.push(result.id);
  }
  const claimed = [];
  let idle = 0;
  while (idle < 20) {
    const batch = await store.claim({
      workerId: `w${process.pid}`,
      limit: 5,
      now: 2_000,
      leaseMs: 60_000,
    });
    claimed.push(...batch.map((d) => d.id));
    idle = batch.length === 0 ? idle + 1 : 0;
    await new Promise((resolve) => setImmediate(resolve));
  }
  print({ fresh, claimed });
  await store.close();
}
