import { inbox, pool, webhooks } from "./webhooks.js";

// Run as many as you like, on any machine that reaches the database.
const worker = webhooks.startWorker({ concurrency: 4 });
console.error(`worker ${worker.id} running`);

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await worker.stop(); // finishes what it holds
    await inbox.close(); // gives back the connection it LISTENs on
    await pool.end();
  });
}
