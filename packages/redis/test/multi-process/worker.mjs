// A worker of the multi-process test. Each handler appends "<ms> <pid> <delivery> <handler>" to the
// runs log as it starts (appendFileSync: on disk before it goes on, so a kill -9 cannot hide a run).
import { appendFileSync } from "node:fs";
import { createWebhooks } from "@heron-webhooks/core";
import { Redis } from "ioredis";
import { redisInbox } from "../../dist/index.js";

const [url, prefix, secret, runsLog, leaseMs] = process.argv.slice(2);
// The app's own client, as the README recommends it for a worker, so the test can see when it is
// back after the outage: "<ms> <pid> - ready" in the runs log.
const client = new Redis(url, { maxRetriesPerRequest: 1 });
client.on("error", () => {});
client.on("ready", () => appendFileSync(runsLog, `${Date.now()} ${process.pid} - ready\n`));
const inbox = redisInbox({ connection: client, prefix });
const webhooks = createWebhooks({ secret, inbox }).onError(() => {});

const handler = (name) => async (_event, delivery) => {
  appendFileSync(runsLog, `${Date.now()} ${process.pid} ${delivery.id} ${name}\n`);
  // 10 to 30 ms of work, so the kills are likely to land mid-run.
  await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
};
webhooks.on("*", handler("apply"), { name: "apply" });
webhooks.on("*", handler("audit"), { name: "audit" });

webhooks.startWorker({ concurrency: 8, leaseMs: Number(leaseMs), pollIntervalMs: 250 });
process.stdout.write(`${JSON.stringify({ working: process.pid })}\n`);
