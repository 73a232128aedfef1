import { createServer } from "node:http";
import { createNodeHandler } from "@heron-webhooks/core";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

const handler = createNodeHandler(
  {
    secret,
    on: {
      // Every verified event, known topic or not, as one JSON line.
      "*": (event) => console.log(JSON.stringify(event)),
    },
  },
  { path: "/webhooks/heron" },
);

const server = createServer(handler);
server.listen(Number(process.env.PORT ?? 3000), () => {
  console.error(`listening on http://127.0.0.1:${server.address().port}`);
});
