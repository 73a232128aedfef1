// Retry timing with a fake clock: the waits forwardToSlack asks for, against a real loopback Slack.
import { sampleEvents } from "@heron-webhooks/core/testing";
import { forwardToSlack } from "@heron-webhooks/slack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeClock, rejection } from "./helpers.js";
import { type LoopbackSlack, startLoopbackSlack } from "./loopback-slack.js";

const event = sampleEvents["pdf.failed"];
const unavailable = (count: number) =>
  Array.from({ length: count }, () => ({ status: 503, body: "" }));
let slack: LoopbackSlack;
beforeAll(async () => {
  slack = await startLoopbackSlack();
});
afterAll(() => slack.close());

describe("retry timing (fake clock)", () => {
  it("429: waits exactly Retry-After before the next post", async () => {
    const webhook = slack.webhook();
    webhook.script({ status: 429, headers: { "retry-after": "7" } });
    const clock = fakeClock();
    await forwardToSlack({ webhookUrl: webhook.url, clock, deadlineMs: 30_000 })(event);
    expect(clock.sleeps).toEqual([7000]);
    expect(webhook.messages).toHaveLength(1);
  });

  it("429 asking for longer than deadlineMs: SLACK_RATE_LIMITED at once, with the wait asked for", async () => {
    const webhook = slack.webhook();
    webhook.script({ status: 429, headers: { "retry-after": "30" } });
    const clock = fakeClock();
    const error = await rejection(forwardToSlack({ webhookUrl: webhook.url, clock })(event));
    expect(error).toMatchObject({
      code: "SLACK_RATE_LIMITED",
      status: 429,
      retryAfterMs: 30_000,
      attempts: 1,
    });
    expect(clock.sleeps).toEqual([]);
  });

  it("a 429 holds back the next post to the same webhook from any handler", async () => {
    const webhook = slack.webhook();
    webhook.script({ status: 429, headers: { "retry-after": "4" } });
    const clock = fakeClock();
    const first = forwardToSlack({ webhookUrl: webhook.url, clock, deadlineMs: 30_000 });
    const second = forwardToSlack({ webhookUrl: webhook.url, clock, deadlineMs: 30_000 });
    await first(event);
    // `first` waited 4 s and used the one slot at the end of it; `second` waits a slot more.
    await second(event);
    expect(clock.sleeps).toEqual([4000, 1100]);
  });

  it.each([
    [1, [500, 1000, 2000]],
    [0, [250, 500, 1000]],
    [0.5, [375, 750, 1500]],
  ])("5xx: exponential backoff with jitter (random %d): %j", async (random, sleeps) => {
    const webhook = slack.webhook();
    webhook.script(...unavailable(3));
    const clock = fakeClock();
    await forwardToSlack({ webhookUrl: webhook.url, clock, random: () => random })(event);
    expect(clock.sleeps).toEqual(sleeps);
    expect(webhook.messages).toHaveLength(1);
  });

  it("backoff is capped at 4 s", async () => {
    const webhook = slack.webhook();
    webhook.script(...unavailable(8));
    const clock = fakeClock();
    const forward = forwardToSlack({
      webhookUrl: webhook.url,
      clock,
      random: () => 1,
      maxAttempts: 8,
      deadlineMs: 60_000,
    });
    expect(await rejection(forward(event))).toMatchObject({
      code: "SLACK_UNAVAILABLE",
      status: 503,
      attempts: 8,
    });
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000]);
  });

  it("stops retrying when the next wait would pass deadlineMs (default 8 s, inside Heron's 10 s)", async () => {
    const webhook = slack.webhook();
    webhook.script(...unavailable(10));
    const clock = fakeClock();
    const forward = forwardToSlack({
      webhookUrl: webhook.url,
      clock,
      random: () => 1,
      maxAttempts: 10,
    });
    expect(await rejection(forward(event))).toMatchObject({
      code: "SLACK_UNAVAILABLE",
      attempts: 5,
    });
    // 7.5 s of waits; one more (4 s) would end past 8 s.
    expect(clock.sleeps).toEqual([500, 1000, 2000, 4000]);
    expect(webhook.requests).toHaveLength(5);
  });

  it("rate limit: a burst of 3, then one slot every 1.1 s", async () => {
    const webhook = slack.webhook({ burst: 10 });
    const clock = fakeClock();
    const forward = forwardToSlack({ webhookUrl: webhook.url, clock });
    for (let i = 0; i < 6; i++) await forward(event);
    expect(clock.sleeps).toEqual([1100, 1100, 1100]);
    // Quiet for long enough, and the burst is back.
    await clock.sleep(10_000);
    for (let i = 0; i < 3; i++) await forward(event);
    expect(clock.sleeps).toEqual([1100, 1100, 1100, 10_000]);
  });
});
