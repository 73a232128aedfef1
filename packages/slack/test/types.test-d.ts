import { createWebhooks } from "@heron-webhooks/core";
import {
  forwardToSlack,
  type HeronSlackErrorCode,
  type SlackMessage,
  toSlackMessage,
} from "@heron-webhooks/slack";
import type { KnownBlock } from "@slack/types";
import { expectTypeOf, it } from "vitest";

const webhookUrl = "https://hooks.slack.com/services/T0/B0/x";

it("is a handler for any topic pattern", () => {
  createWebhooks({ secret: "s" })
    .on("end_user.review_required", forwardToSlack({ webhookUrl }))
    .on(["pdf.failed", "transactions.*"], forwardToSlack({ webhookUrl }))
    .on("*", forwardToSlack({ webhookUrl, topics: "pdf.*" }));
});

it("narrows each renderer's event by topic", () => {
  toSlackMessage(
    { topic: "pdf.failed", created: "x", data: { heron_id: "pdf_1" } },
    {
      render: {
        "pdf.failed": (event) => {
          expectTypeOf(event.topic).toEqualTypeOf<"pdf.failed">();
          return { text: String(event.data.notes), blocks: [] };
        },
        "*": (event) => {
          expectTypeOf(event.topic).toEqualTypeOf<string>();
          return { text: event.topic, blocks: [] };
        },
      },
    },
  );
  expectTypeOf<SlackMessage["blocks"]>().toEqualTypeOf<KnownBlock[]>();
});

it("types its options and error codes", () => {
  // @ts-expect-error: not a topic Heron documents
  forwardToSlack({ webhookUrl, topics: "pdf.nope" });
  expectTypeOf<HeronSlackErrorCode>().toEqualTypeOf<
    | "SLACK_REJECTED"
    | "SLACK_RATE_LIMITED"
    | "SLACK_UNAVAILABLE"
    | "SLACK_TIMEOUT"
    | "INVALID_CONFIG"
  >();
});
