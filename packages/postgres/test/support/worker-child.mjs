// A worker of the multi-process test. Each handler appends "<ms> <pid> <delivery> <handler>" to the runs
// log as it starts (appendFileSync: on disk before the handler goes on, so a kill -9 cannot hide a
// start), then writes its effect through `delivery.db`, which commits only with its success.
import { appendFileSync } from "node:fs";
import { createWebhooks } from "@heron-webhooks/core";
import { postgresInbox } from "../../dist/index.js";

const [connectionString, schema, secret, runsLog] = process.argv.slice(2);
const inbox = postgresInbox({ connectionString, schema });
const webhooks = createWebhooks({ secret, inbox }).onError(() => {});

const handler = (name) => async (_event, delivery) => {
  appendFileSync(runsLog, `${Date.now()} ${process.pid} ${delivery.id} ${name}\n`);
  // A little work, so some kills land between a handler's start and its commit.
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
  await delivery.db.query(
    `INSERT INTO "${schema}".effects (delivery_id, handler, pid) VALUES ($1, $2, $3)`,
    [delivery.id, name, process.pid],
  );
};
webhooks.on("*", handler("apply"), { name: "apply" });
webhooks.on("*", handler("audit"), { name: "audit" });

// A lease long enough that a worker starved of CPU on a busy machine keeps it; a killed one's runs
// are taken over 15 s later.
webhooks.startWorker({ concurrency: 8, leaseMs: 15_000, pollIntervalMs: 250 });
process.stdout.write(`${JSON.stringify({ working: process.pid })}\n`);
