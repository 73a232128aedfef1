// Child process (Node 24): handler runs per second of one worker with a no-op handler, from a file
// filled beforehand, at a few concurrencies. Prints one JSON object.
import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { createWebhooks } from "@heron-webhooks/core";
import { sqliteInbox } from "@heron-webhooks/sqlite";
import { body, SECRET, signature } from "./deliveries.mjs";

const [path] = process.argv.slice(2);
const DELIVERIES = 2_000;
const runs = [];
for (const concurrency of [1, 4, 16]) {
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  rmSync(`${path}-shm`, { force: true });
  const store = sqliteInbox({ path });
  const now = Date.now();
  for (let n = 0; n < DELIVERIES; n++) {
    const raw = new TextEncoder().encode(body(n));
    const delivery = {
      id: randomUUID(),
      key: `k${n}`,
      topic: "end_user.processed",
      body: raw,
      signature: signature(raw),
      receivedAt: now,
    };
    await store.accept(delivery, { retainSince: 0 });
  }
  const webhooks = createWebhooks({ secret: SECRET, inbox: store });
  webhooks.on("*", () => {});
  const started = performance.now();
  const worker = webhooks.startWorker({ concurrency, pollIntervalMs: 10 });
  while ((await store.stats()).counts.done < DELIVERIES)
    await new Promise((resolve) => setTimeout(resolve, 5));
  const seconds = (performance.now() - started) / 1000;
  await worker.stop();
  await store.close();
  runs.push({ concurrency, perSecond: DELIVERIES / seconds });
}
process.stdout.write(JSON.stringify({ deliveries: DELIVERIES, runs }));
