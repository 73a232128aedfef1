import { createWebhooks } from "@heron-webhooks/core";
import { heronWebhooks } from "@heron-webhooks/express";
import { sqliteInbox } from "@heron-webhooks/sqlite";
import express from "express";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

// Each verified delivery is written to this file before Heron gets its 200; the worker below runs
// the handlers from it, retries the ones that fail and keeps the rest once they succeed.
const webhooks = createWebhooks({
  secret,
  inbox: sqliteInbox({ path: process.env.HERON_INBOX_PATH ?? "heron-inbox.sqlite" }),
  // Retries after 1 s, 2 s, 4 s… so you can watch them; leave it out in production (5 s up to 4 h).
  retry: { initialDelayMs: 1_000, factor: 2 },
});

const done = (handler, event, delivery) =>
  console.log(JSON.stringify({ handler, delivery: delivery.id, attempt: delivery.attempt, event }));

webhooks
  .on("*", (event, delivery) => done("log", event, delivery), { name: "log" })
  // Slower than Heron's 10 s timeout: without the inbox Heron would retry and this would run twice.
  .on(
    "pdf.processed",
    async (event, delivery) => {
      await new Promise((resolve) => setTimeout(resolve, 15_000));
      done("extract", event, delivery);
    },
    { name: "extract" },
  )
  // A flaky downstream: fails twice, then succeeds. Only this handler runs again on a retry.
  .on(
    "end_user.review_required",
    (event, delivery) => {
      if (delivery.attempt <= 2)
        throw new Error(`review queue unavailable (attempt ${delivery.attempt})`);
      done("notify", event, delivery);
    },
    { name: "notify" },
  )
  .onError((error, event, failure) => {
    const next = failure ? (failure.willRetry ? "will retry" : "dead") : "";
    console.error(`${event?.topic ?? "delivery"} failed: ${error.message} ${next}`);
  });

// The worker could as well run in another process sharing the file. A short lease, so a delivery a
// crashed process held runs again within seconds (it is extended while a handler runs).
const worker = webhooks.startWorker({ concurrency: 4, leaseMs: 5_000 });

const app = express();
app.post("/webhooks/heron", heronWebhooks({ webhooks }));
app.use(express.json());

const server = app.listen(Number(process.env.PORT ?? 3000), (error) => {
  if (error) throw error;
  console.error(`listening on http://127.0.0.1:${server.address().port}`);
});

// Stop taking deliveries, let the worker finish (or release) what it holds, then exit.
process.on("SIGTERM", () => server.close(() => worker.stop().then(() => process.exit(0))));
