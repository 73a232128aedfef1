// Every example, started as a user starts it, answers as docs/http-contract.md says.
import { readdirSync } from "node:fs";
import { KNOWN_TOPICS, sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { toSlackMessage } from "@heron-webhooks/slack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type LoopbackSlack,
  type LoopbackWebhook,
  startLoopbackSlack,
} from "../packages/slack/test/loopback-slack.js";
import { nodeRuntimes } from "../scripts/node-runtimes.mjs";
import { linesAfter, startExample } from "../scripts/start-example.mjs";

const secret = "whsec_examples_test";
const examples = readdirSync(new URL("../examples/", import.meta.url), { withFileTypes: true })
  // examples/inbox needs node:sqlite (not on Node 20) and has a 15 s handler; examples/inbox-postgres is
  // two processes on a database: their own tests cover them.
  .filter(
    (entry) => entry.isDirectory() && entry.name !== "inbox" && entry.name !== "inbox-postgres",
  )
  .map((entry) => entry.name);

// Node 20 runs the tests; the examples also run on the Node 22, 24 and 26 that users run.
const nodes = nodeRuntimes();
const runs = examples.flatMap((name) => nodes.map((node) => ({ name, node })));

describe.each(runs)("examples/$name on Node $node.version", ({ name, node }) => {
  let server: ReturnType<typeof startExample>;
  let url: string;
  // examples/slack forwards end_user.review_required to SLACK_WEBHOOK_URL: a loopback Slack here.
  let slack: LoopbackSlack | undefined;
  let slackWebhook: LoopbackWebhook | undefined;
  beforeAll(async () => {
    if (name === "slack") {
      slack = await startLoopbackSlack();
      slackWebhook = slack.webhook();
    }
    const env: Record<string, string> = slackWebhook ? { SLACK_WEBHOOK_URL: slackWebhook.url } : {};
    server = startExample(name, secret, node.binary, env);
    url = await server.url;
  });
  afterAll(async () => {
    await server?.stop();
    await slack?.close();
  });

  it.each([...KNOWN_TOPICS, "loan.approved"])(
    "prints a verified %s event as one JSON line",
    async (topic) => {
      const delivery = await createTestDelivery({ topic, secret });
      const before = server.lines.length;
      const response = await fetch(url, { method: "POST", ...delivery });
      expect(response.status).toBe(200);
      const [line] = await linesAfter(server.lines, before, 2000);
      expect(JSON.parse(line ?? "null")).toEqual(JSON.parse(delivery.body));
    },
  );

  it.each(["application/json", "application/json; charset=utf-8", "text/plain"])(
    "verifies the bytes received, sent as %s",
    async (contentType) => {
      // A \u escape and 1.0: what Heron's Python signer sends and JSON.stringify would not reproduce.
      const body =
        '{"topic":"end_user.reviewed","created":"2021-05-20T09:23:53+00:00",' +
        '"data":{"heron_id":"eus_9","end_user_id":"caf\\u00e9","status":"reviewed","score":1.0}}';
      const before = server.lines.length;
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: { "content-type": contentType, "heron-signature": await sign(body, secret) },
      });
      expect(response.status).toBe(200);
      const [line] = await linesAfter(server.lines, before, 2000);
      expect(JSON.parse(line ?? "null")).toMatchObject({ data: { end_user_id: "café" } });
    },
  );

  it.runIf(name === "slack")("posts end_user.review_required to the loopback Slack", async () => {
    const delivery = await createTestDelivery({ topic: "end_user.review_required", secret });
    const before = slackWebhook?.messages.length ?? 0;
    const response = await fetch(url, { method: "POST", ...delivery });
    expect(response.status).toBe(200);
    const expected = JSON.parse(JSON.stringify(toSlackMessage(JSON.parse(delivery.body))));
    expect(slackWebhook?.messages.slice(before)).toEqual([expected]);
  });

  it("rejects a tampered delivery, printing nothing", async () => {
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
    const before = server.lines.length;
    const body = delivery.body.replace("pdf.failed", "pdf.processed");
    const response = await fetch(url, { method: "POST", headers: delivery.headers, body });
    expect(response.status).toBe(401);
    expect(await linesAfter(server.lines, before, 100)).toEqual([]);
  });

  it("rejects a delivery signed with another secret, printing nothing", async () => {
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret: "another" });
    const before = server.lines.length;
    const response = await fetch(url, { method: "POST", ...delivery });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "SIGNATURE_MISMATCH" });
    expect(await linesAfter(server.lines, before, 100)).toEqual([]);
  });

  it("refuses to start without HERON_WEBHOOK_SECRET", async () => {
    const unset = startExample(name, "", node.binary);
    await expect(unset.url).rejects.toThrow(/HERON_WEBHOOK_SECRET/);
    await unset.stop();
  });
});
