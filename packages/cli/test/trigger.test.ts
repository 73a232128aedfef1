// trigger against every example, started as a user starts it, and against servers that misbehave.

import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KNOWN_TOPICS } from "@heron-webhooks/core";
import { sampleEvents } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nodeRuntimes } from "../../../scripts/node-runtimes.mjs";
import { linesAfter, startExample } from "../../../scripts/start-example.mjs";
import { cli, linesOf } from "./support/cli.js";

const secret = "whsec_cli_trigger_test";
const EXAMPLES = ["node-http", "express", "fastify", "koa", "hono"];
const [thisNode, ...newerNodes] = nodeRuntimes();

// The bin on this Node against every example; the bin on each newer Node against node-http on that Node.
const runs = [
  ...EXAMPLES.map((example) => ({
    example,
    node: thisNode as { version: string; binary: string },
  })),
  ...newerNodes.map((node) => ({ example: "node-http", node })),
];

describe.each(runs)(
  "trigger all → examples/$example on Node $node.version",
  ({ example, node }) => {
    let server: ReturnType<typeof startExample>;
    let url: string;
    beforeAll(async () => {
      server = startExample(example, secret, node.binary);
      url = await server.url;
    });
    afterAll(() => server?.stop());

    it("delivers every documented topic, a line each, then a summary", async () => {
      const before = server.lines.length;
      const run = await cli(["trigger", "all", "--url", url, "--secret", secret], {
        node: node.binary,
      });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const lines = linesOf(run.stdout);
      expect(lines).toHaveLength(KNOWN_TOPICS.length + 1);
      for (const [index, topic] of KNOWN_TOPICS.entries()) {
        expect(lines[index]).toMatch(
          new RegExp(`^✓ 200 +\\d+\\.\\d ms  ${topic.replace(".", "\\.")}$`),
        );
      }
      expect(lines.at(-1)).toMatch(
        /^9 sent: 9 accepted, 0 failed \(median [\d.]+ ms, max [\d.]+ ms\)$/,
      );
      const printed = await linesAfter(server.lines, before + KNOWN_TOPICS.length - 1, 2000);
      expect(server.lines.slice(before).map((line) => JSON.parse(line))).toEqual(
        KNOWN_TOPICS.map((topic) => sampleEvents[topic]),
      );
      expect(printed.length).toBeGreaterThan(0);
    });

    it("fails with exit 1 and the receiver's error code when the secret is wrong", async () => {
      const run = await cli(["trigger", "pdf.failed", "--url", url, "--secret", "whsec_wrong"], {
        node: node.binary,
      });
      expect(run.code).toBe(1);
      expect(linesOf(run.stdout)).toEqual([
        expect.stringMatching(/^✗ 401 +[\d.]+ ms {2}pdf\.failed {2}SIGNATURE_MISMATCH$/),
        expect.stringMatching(/^1 sent: 0 accepted, 1 failed /),
      ]);
    });
  },
);

describe("trigger's deliveries", () => {
  let server: ReturnType<typeof startExample>;
  let url: string;
  beforeAll(async () => {
    server = startExample("node-http", secret);
    url = await server.url;
  });
  afterAll(() => server?.stop());

  async function received(args: string[]): Promise<unknown[]> {
    const before = server.lines.length;
    const run = await cli(["trigger", ...args, "--url", url, "--secret", secret]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const sent = linesOf(run.stdout).length - 1;
    await linesAfter(server.lines, before + sent - 1, 2000);
    return server.lines.slice(before).map((line) => JSON.parse(line));
  }

  it("sends any resource.event topic, with --data as its data", async () => {
    const events = await received(["loan.approved", "--data", '{"loan_id":"ln_1","amount":1.5}']);
    expect(events).toEqual([
      {
        topic: "loan.approved",
        created: expect.any(String),
        data: { loan_id: "ln_1", amount: 1.5 },
        meta: null,
      },
    ]);
  });

  it("reads --data @file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "heron-cli-data-")), "data.json");
    writeFileSync(file, '{"heron_id":"eus_1","end_user_id":"from-file","status":"reviewed"}');
    const [event] = await received(["end_user.reviewed", "--data", `@${file}`]);
    expect(event).toMatchObject({
      data: { end_user_id: "from-file" },
      created: sampleEvents["end_user.reviewed"].created,
    });
  });

  it("changes single fields with --set: text, JSON values, nested paths", async () => {
    const [event] = await received([
      "end_user.processed",
      "--set",
      "data.status=reviewed",
      "--set",
      "data.score=0.75",
      "--set",
      "meta.source.system=ci",
      "--set",
      "created=2026-01-02T03:04:05+00:00",
    ]);
    expect(event).toEqual({
      ...sampleEvents["end_user.processed"],
      created: "2026-01-02T03:04:05+00:00",
      data: { ...sampleEvents["end_user.processed"].data, status: "reviewed", score: 0.75 },
      meta: { source: { system: "ci" } },
    });
  });

  it("sends a pretty-printed body with --pretty, which the receiver still verifies", async () => {
    const [event] = await received(["pdf.failed", "--pretty"]);
    expect(event).toEqual(sampleEvents["pdf.failed"]);
  });

  it("sends each delivery --count times, --concurrency at once", async () => {
    const before = server.lines.length;
    const run = await cli([
      "trigger",
      "pdf.failed",
      "end_user.reviewed",
      "--count",
      "30",
      "--concurrency",
      "8",
      "--json",
      "--url",
      url,
      "--secret",
      secret,
    ]);
    expect(run.code).toBe(0);
    const lines = linesOf(run.stdout).map((line) => JSON.parse(line));
    expect(lines).toHaveLength(61);
    expect(lines.slice(0, 60).filter((line) => line.topic === "pdf.failed")).toHaveLength(30);
    for (const line of lines.slice(0, 60)) {
      expect(line).toEqual({
        type: "delivery",
        topic: expect.any(String),
        status: 200,
        ms: expect.any(Number),
        error: null,
      });
    }
    expect(lines[60]).toEqual({
      type: "summary",
      sent: 60,
      accepted: 60,
      failed: 0,
      medianMs: expect.any(Number),
      maxMs: expect.any(Number),
    });
    await linesAfter(server.lines, before + 59, 3000);
    expect(server.lines.length - before).toBe(60);
  });
});

describe("trigger against receivers that misbehave", () => {
  const servers: Server[] = [];
  async function serve(listener: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(listener);
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/heron`;
  }
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("shows an excerpt of a non-Heron error answer", async () => {
    const url = await serve((_req, res) =>
      res.writeHead(500).end("Internal Server Error\n  at app.js:12"),
    );
    const run = await cli(["trigger", "pdf.failed", "--url", url, "--secret", secret]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)[0]).toMatch(
      /^✗ 500 .*pdf\.failed {2}"Internal Server Error at app\.js:12"$/,
    );
  });

  it("counts a delivery not answered within --timeout as failed", async () => {
    const url = await serve(() => {});
    const run = await cli([
      "trigger",
      "pdf.failed",
      "--timeout",
      "300",
      "--json",
      "--url",
      url,
      "--secret",
      secret,
    ]);
    expect(run.code).toBe(1);
    const [delivery, summary] = linesOf(run.stdout).map((line) => JSON.parse(line));
    expect(delivery).toMatchObject({ topic: "pdf.failed", status: null, error: "TIMEOUT" });
    expect(delivery.ms).toBeGreaterThanOrEqual(290);
    expect(summary).toMatchObject({ sent: 1, accepted: 0, failed: 1 });
  });

  it("stops with one line and exit 1 when nothing listens", async () => {
    const url = await serve(() => {});
    const closed = servers.pop() as Server;
    await new Promise((resolve) => closed.close(resolve));
    const run = await cli(["trigger", "all", "--url", url, "--secret", secret]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(linesOf(run.stderr)).toEqual([
      expect.stringMatching(
        /^heron-webhooks: cannot connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\): is the receiver running\?$/,
      ),
    ]);
  });
});
