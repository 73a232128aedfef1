import { heronWebhooks } from "@heron-webhooks/express";
import { forwardToSlack } from "@heron-webhooks/slack";
import express from "express";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}
const webhookUrl = process.env.SLACK_WEBHOOK_URL;
if (!webhookUrl) {
  console.error("Set SLACK_WEBHOOK_URL to the Incoming Webhook URL from your Slack app.");
  process.exit(1);
}

const app = express();

app.post(
  "/webhooks/heron",
  heronWebhooks({
    secret,
    on: {
      // Every verified event, known topic or not, as one JSON line.
      "*": (event) => console.log(JSON.stringify(event)),
      // Tell the team's channel. If Slack cannot take it, the request answers 500 and Heron sends the
      // event again later (in 1, 5 and 15 minutes), so the "*" handler above sees it again too.
      "end_user.review_required": forwardToSlack({ webhookUrl }),
    },
  }),
);

const server = app.listen(Number(process.env.PORT ?? 3000), (error) => {
  if (error) throw error;
  console.error(`listening on http://127.0.0.1:${server.address().port}`);
});
