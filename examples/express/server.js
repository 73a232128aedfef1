import { heronWebhooks } from "@heron-webhooks/express";
import express from "express";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

const app = express();

// Mount the webhook route before express.json(): the signature is checked over the raw bytes.
app.post(
  "/webhooks/heron",
  heronWebhooks({
    secret,
    on: {
      // Every verified event, known topic or not, as one JSON line.
      "*": (event) => console.log(JSON.stringify(event)),
    },
  }),
);

// The rest of your app, with its usual JSON parsing.
app.use(express.json());

const server = app.listen(Number(process.env.PORT ?? 3000), (error) => {
  if (error) throw error;
  console.error(`listening on http://127.0.0.1:${server.address().port}`);
});
