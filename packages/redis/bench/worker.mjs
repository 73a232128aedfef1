// One worker process of the bench: a 5 ms handler over redisInbox. Sends {working} once started.
import { createWebhooks } from "@heron-webhooks/core";
import { redisInbox } from "../dist/index.js";

const [url, prefix, secret, concurrency] = process.argv.slice(2);
const webhooks = createWebhooks({ secret, inbox: redisInbox({ connection: url, prefix }) });
webhooks.on("*", () => new Promise((resolve) => setTimeout(resolve, 5)), { name: "work" });
webhooks.startWorker({ concurrency: Number(concurrency) });
process.send?.({ working: true });
process.on("disconnect", () => process.exit(0));
// The bench asks for this process's CPU time: a cost per request that holds up on a busy machine.
process.on("message", (message) => {
  if (message !== "cpu") return;
  const { user, system } = process.cpuUsage();
  process.send?.({ cpuMicros: user + system });
});
