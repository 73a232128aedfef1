import { createServer } from "node:net";
import { createWebhooks } from "@heron-webhooks/core";
import { sampleEvents } from "@heron-webhooks/core/testing";
import {
  forwardToSlack,
  HeronSlackError,
  isHeronSlackError,
  toSlackMessage,
} from "@heron-webhooks/slack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rejection } from "./helpers.js";
import { type LoopbackSlack, startLoopbackSlack, type WebhookState } from "./loopback-slack.js";

const event = sampleEvents["end_user.review_required"];
let slack: LoopbackSlack;
beforeAll(async () => {
  slack = await startLoopbackSlack();
});
afterAll(() => slack.close());

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/services/T0/B0/closedport`;
}

describe("forwardToSlack", () => {
  it("posts the event as toSlackMessage renders it", async () => {
    const webhook = slack.webhook();
    await forwardToSlack({ webhookUrl: webhook.url })(event);
    expect(webhook.messages).toEqual([JSON.parse(JSON.stringify(toSlackMessage(event)))]);
  });

  it("is a handler for webhooks.on, and renders with `render`", async () => {
    const webhook = slack.webhook();
    const webhooks = createWebhooks({ secret: "s" }).on(
      ["end_user.review_required", "pdf.failed"],
      forwardToSlack({
        webhookUrl: webhook.url,
        render: {
          "pdf.failed": (failed) => ({ text: `failed ${failed.data.heron_id}`, blocks: [] }),
        },
      }),
    );
    await webhooks.receive(event);
    await webhooks.receive(sampleEvents["pdf.failed"]);
    expect(webhook.messages.map((message) => message.text)).toEqual([
      toSlackMessage(event).text,
      "failed pdf_pLXqyc2wEwZbA5ZBUeyG6d",
    ]);
  });

  it("posts only the events on `topics`", async () => {
    const webhook = slack.webhook();
    const forward = forwardToSlack({
      webhookUrl: webhook.url,
      topics: ["pdf.*", "end_user.review_required"],
    });
    for (const sample of Object.values(sampleEvents)) await forward(sample);
    await forward({ topic: "pdf.new_thing", created: "x", data: {} });
    expect(webhook.messages.map((message) => message.text)).toEqual(
      [
        sampleEvents["end_user.review_required"],
        sampleEvents["pdf.processed"],
        sampleEvents["pdf.transactions_loaded"],
        sampleEvents["pdf.failed"],
      ].map((sample) => toSlackMessage(sample).text),
    );
    expect(webhook.requests).toHaveLength(4);
  });

  it.each([
    [{ webhookUrl: "" }, /webhookUrl` is required/],
    [{ webhookUrl: "hooks.slack.com/services/T/B/x" }, /not a URL/],
    [{ webhookUrl: "http://hooks.slack.com/services/T/B/x" }, /https/],
    [
      { webhookUrl: "https://hooks.slack.com/services/T/B/x", topics: ["pdf.nope"] },
      /Unknown topic "pdf.nope"/,
    ],
    [{ webhookUrl: "https://hooks.slack.com/services/T/B/x", timeoutMs: 0 }, /timeoutMs/],
    [{ webhookUrl: "https://hooks.slack.com/services/T/B/x", deadlineMs: 1.5 }, /deadlineMs/],
  ])("refuses %j with INVALID_CONFIG", (options, message) => {
    expect(() => forwardToSlack(options as never)).toThrow(message);
    try {
      forwardToSlack(options as never);
    } catch (error) {
      expect(isHeronSlackError(error) && error.code).toBe("INVALID_CONFIG");
    }
  });

  describe("Slack's permanent refusals are SLACK_REJECTED with Slack's reason, tried once", () => {
    const states: [WebhookState, number, string][] = [
      ["revoked", 403, "invalid_token"],
      ["removed", 404, "no_service"],
      ["channel_deleted", 404, "channel_not_found"],
      ["channel_archived", 410, "channel_is_archived"],
      ["restricted", 403, "action_prohibited"],
    ];
    it.each(states)("a %s webhook: %i %s", async (state, status, reason) => {
      const webhook = slack.webhook({ state });
      const error = await rejection(forwardToSlack({ webhookUrl: webhook.url })(event));
      expect(error).toBeInstanceOf(HeronSlackError);
      expect(error).toMatchObject({ code: "SLACK_REJECTED", status, reason, attempts: 1 });
      expect((error as Error).message).toContain(`${status} ${reason}`);
      expect(webhook.requests).toHaveLength(1);
    });

    it("400 invalid_payload", async () => {
      const webhook = slack.webhook();
      webhook.script({ status: 400, body: "invalid_payload" });
      const error = await rejection(forwardToSlack({ webhookUrl: webhook.url })(event));
      expect(error).toMatchObject({
        code: "SLACK_REJECTED",
        status: 400,
        reason: "invalid_payload",
      });
      expect(webhook.requests).toHaveLength(1);
    });

    it("400 invalid_blocks, for an override whose blocks Slack cannot take", async () => {
      const webhook = slack.webhook();
      const forward = forwardToSlack({
        webhookUrl: webhook.url,
        render: { "*": () => ({ text: "x", blocks: [{ type: "section" }] }) },
      });
      expect(await rejection(forward(event))).toMatchObject({
        code: "SLACK_REJECTED",
        reason: "invalid_blocks",
      });
    });

    it("a path Slack does not know: 404 no_service", async () => {
      const url = `${slack.origin}/services/T0/B0/unknown`;
      expect(await rejection(forwardToSlack({ webhookUrl: url })(event))).toMatchObject({
        code: "SLACK_REJECTED",
        status: 404,
        reason: "no_service",
      });
    });

    it("a body that is not one of Slack's error strings is not quoted", async () => {
      const webhook = slack.webhook();
      webhook.script({ status: 400, body: "<html>Bad request for /services/T0/B0/secret</html>" });
      const error = await rejection(forwardToSlack({ webhookUrl: webhook.url })(event));
      expect(error).toMatchObject({ code: "SLACK_REJECTED", reason: "http_400" });
      expect((error as Error).message).not.toContain("secret");
    });
  });

  describe("what may work next time is retried", () => {
    it("5xx, then success", async () => {
      const webhook = slack.webhook();
      webhook.script({ status: 500, body: "rollup_error" }, { status: 503 });
      await forwardToSlack({ webhookUrl: webhook.url })(event);
      expect(webhook.requests.map((request) => request.status)).toEqual([500, 503, 200]);
      expect(webhook.messages).toHaveLength(1);
    });

    it("5xx on every attempt: SLACK_UNAVAILABLE after maxAttempts", async () => {
      const webhook = slack.webhook();
      webhook.script(...Array.from({ length: 5 }, () => ({ status: 500, body: "rollup_error" })));
      const error = await rejection(
        forwardToSlack({ webhookUrl: webhook.url, maxAttempts: 3 })(event),
      );
      expect(error).toMatchObject({
        code: "SLACK_UNAVAILABLE",
        status: 500,
        reason: "rollup_error",
        attempts: 3,
      });
      expect(webhook.requests).toHaveLength(3);
    });

    it("a connection reset, then success", async () => {
      const webhook = slack.webhook();
      webhook.script("reset");
      await forwardToSlack({ webhookUrl: webhook.url })(event);
      expect(webhook.requests.map((request) => request.status)).toEqual(["reset", 200]);
    });

    it("nothing listening: SLACK_UNAVAILABLE with the network error's code", async () => {
      const error = await rejection(
        forwardToSlack({ webhookUrl: await closedPortUrl(), maxAttempts: 2 })(event),
      );
      expect(error).toMatchObject({
        code: "SLACK_UNAVAILABLE",
        reason: "ECONNREFUSED",
        attempts: 2,
      });
    });

    it("no answer: each attempt times out after timeoutMs, then SLACK_TIMEOUT", async () => {
      const webhook = slack.webhook();
      webhook.script("hang", "hang");
      const started = Date.now();
      const error = await rejection(
        forwardToSlack({ webhookUrl: webhook.url, timeoutMs: 200, maxAttempts: 2 })(event),
      );
      expect(error).toMatchObject({ code: "SLACK_TIMEOUT", reason: "timeout", attempts: 2 });
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it("a hang then an answer: posted on the second attempt", async () => {
      const webhook = slack.webhook();
      webhook.script("hang");
      await forwardToSlack({ webhookUrl: webhook.url, timeoutMs: 200 })(event);
      expect(webhook.messages).toHaveLength(1);
    });

    it("429: waits Retry-After, then posts", async () => {
      const webhook = slack.webhook();
      webhook.script({
        status: 429,
        body: '{"ok":false,"error":"rate_limited"}',
        headers: { "retry-after": "1" },
      });
      await forwardToSlack({ webhookUrl: webhook.url })(event);
      const [limited, posted] = webhook.requests;
      expect([limited?.status, posted?.status]).toEqual([429, 200]);
      expect((posted?.at ?? 0) - (limited?.at ?? 0)).toBeGreaterThanOrEqual(990);
    });
  });

  // The loopback Slack allows a burst of 4 here, one more than forwardToSlack takes: a slot of margin for
  // posts that leave on time but arrive late on a busy machine. Without spacing, 6 at once would still be 429'd.
  describe("Slack's rate limit, one message a second per webhook with short bursts (real clock)", () => {
    it("spaces a burst of events so the loopback Slack never answers 429", async () => {
      const webhook = slack.webhook({ burst: 4 });
      const forward = forwardToSlack({ webhookUrl: webhook.url });
      const started = Date.now();
      await Promise.all(Array.from({ length: 6 }, () => forward(event)));
      expect(webhook.requests.map((request) => request.status)).toEqual([
        200, 200, 200, 200, 200, 200,
      ]);
      // Three at once (the burst), then one every 1.1 s.
      expect(Date.now() - started).toBeGreaterThanOrEqual(3250);
    });

    it("shares the limit between every handler posting to the same webhook", async () => {
      const webhook = slack.webhook({ burst: 4 });
      const a = forwardToSlack({ webhookUrl: webhook.url });
      const b = forwardToSlack({ webhookUrl: webhook.url, topics: "*" });
      await Promise.all([a(event), b(event), a(event), b(event), a(event)]);
      expect(webhook.requests.map((request) => request.status)).toEqual([200, 200, 200, 200, 200]);
    });

    it("fails what cannot be posted within deadlineMs with SLACK_RATE_LIMITED, dropping nothing silently", async () => {
      const webhook = slack.webhook({ burst: 4 });
      const forward = forwardToSlack({ webhookUrl: webhook.url, deadlineMs: 1500 });
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => forward(event)));
      const failed = results.filter((result) => result.status === "rejected");
      expect(webhook.messages).toHaveLength(4);
      expect(failed).toHaveLength(2);
      for (const result of failed) {
        expect((result as PromiseRejectedResult).reason).toMatchObject({
          code: "SLACK_RATE_LIMITED",
          reason: "local_rate_limit",
        });
      }
    });
  });
});
