import { heronWebhooks } from "@heron-webhooks/koa";
import Koa from "koa";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

const app = new Koa();

// Before any body parser: the signature is checked over the raw bytes.
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

const server = app.listen(Number(process.env.PORT ?? 3000), () => {
  console.error(`listening on http://127.0.0.1:${server.address().port}`);
});
