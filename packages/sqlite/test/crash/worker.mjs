// A worker: claims deliveries from the shared file and runs their handlers; SIGTERM stops it cleanly.
import { crashWebhooks } from "./app.mjs";

const [path, log] = process.argv.slice(2);
const { webhooks, close } = crashWebhooks({ path, log });
// A short lease, so a killed worker's deliveries run elsewhere within the test's time.
const worker = webhooks.startWorker({ concurrency: 8, leaseMs: 1_500, pollIntervalMs: 100 });
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await worker.stop();
  await close();
  process.exit(0);
});
