import { STATUS_CODES } from "node:http";
import { heronWebhooks } from "@heron-webhooks/express";
import express from "express";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

const app = express();

// Mount the webhook route before express.json(): the signature is checked over the raw bytes.
// app.use with `path`, so every method reaches it and the contract's 405 answers the others
// (`app.post("/webhooks/heron", heronWebhooks({ secret, on }))` works too, but Express 404s a GET).
app.use(
  heronWebhooks({
    secret,
    path: "/webhooks/heron",
    on: {
      // Every verified event, known topic or not, as one JSON line.
      "*": (event) => console.log(JSON.stringify(event)),
    },
  }),
);

// The rest of your app, with its usual JSON parsing.
app.use(express.json());

// Last: Express's default error handler answers with an HTML page holding the stack trace (outside
// production) and logs it; bad JSON from anyone on the internet would do both. Answer small JSON.
app.use((error, _req, res, _next) => {
  const status = Number.isInteger(error.status) && error.status >= 400 ? error.status : 500;
  if (status >= 500) console.error(`${error.name}: ${error.message}`);
  res.status(status).json({ error: STATUS_CODES[status] });
});

const server = app.listen(Number(process.env.PORT ?? 3000), (error) => {
  if (error) throw error;
  console.error(`listening on http://127.0.0.1:${server.address().port}`);
});
