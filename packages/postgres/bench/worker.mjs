// A worker process of the worker bench: a 5 ms handler for every topic.
import { createWebhooks } from "@heron-webhooks/core";
import { postgresInbox } from "../dist/index.js";

const [connectionString, schema, secret, concurrency] = process.argv.slice(2);
const inbox = postgresInbox({ connectionString, schema });
const webhooks = createWebhooks({ secret, inbox });
webhooks.on("*", () => new Promise((resolve) => setTimeout(resolve, 5)), { name: "five-ms" });
const worker = webhooks.startWorker({ concurrency: Number(concurrency) });
process.send({ working: worker.id });
process.on("disconnect", async () => {
  await worker.stop();
  await inbox.close();
});
