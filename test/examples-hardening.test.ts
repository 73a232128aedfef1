// The five framework examples, started as a user starts them, against slow, aborted, pipelined and
// hostile requests (issue 7). They run the built packages: build before running this.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closedWithin,
  openConnection,
  rawRequest,
  responsesWithin,
  stallBody,
  writeAll,
} from "../packages/conformance/src/raw.js";
import { linesAfter, startExample } from "../scripts/start-example.mjs";

const run = promisify(execFile);
const secret = "whsec_examples_hardening";
const examples = ["node-http", "express", "fastify", "koa", "hono"];
const MiB = 1024 * 1024;
const STACK_FRAME = /^\s+at /m;

function envelope(meta: string): string {
  return `{"topic":"end_user.processed","created":"2026-08-14T12:24:38.137886","data":{"heron_id":"eus_1","end_user_id":"u","status":"processed"},"meta":${meta}}`;
}

describe.each(examples)("examples/%s", (name) => {
  let server: ReturnType<typeof startExample>;
  let url: string;
  beforeAll(async () => {
    server = startExample(name, secret);
    url = await server.url;
  });
  afterAll(() => server?.stop());

  it.each(["GET", "PUT", "DELETE", "PATCH"])(
    "answers %s on the webhook path 405 with Allow: POST",
    async (method) => {
      const response = await fetch(url, { method });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
      expect(await response.json()).toEqual({ error: "METHOD_NOT_ALLOWED" });
    },
  );

  it.each([5_000, 100_000])(
    "answers a signed body %i levels deep 400 INVALID_JSON",
    async (depth) => {
      const body = envelope(`${"[".repeat(depth)}${"]".repeat(depth)}`);
      const before = server.lines.length;
      const response = await fetch(url, {
        method: "POST",
        body,
        headers: {
          "content-type": "application/json",
          "heron-signature": await sign(body, secret),
        },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: "INVALID_JSON" });
      expect(await linesAfter(server.lines, before, 100)).toEqual([]);
    },
  );

  it("answers both of two pipelined HTTP/1.0 keep-alive deliveries, and prints both", async () => {
    const deliveries = await Promise.all(
      ["pdf.processed", "end_user.reviewed"].map((topic) => createTestDelivery({ topic, secret })),
    );
    const before = server.lines.length;
    const connection = await openConnection(url);
    await writeAll(
      connection.socket,
      Buffer.concat(
        deliveries.map((delivery) =>
          rawRequest(url, {
            version: "HTTP/1.0",
            headers: [["Connection", "keep-alive"], ...Object.entries(delivery.headers)],
            body: delivery.body,
          }),
        ),
      ),
    );
    const answers = await responsesWithin(connection, 2, 5_000);
    connection.socket.destroy();
    expect(answers.map((answer) => [answer.status, answer.text])).toEqual([
      [200, '{"ok":true}'],
      [200, '{"ok":true}'],
    ]);
    await linesAfter(server.lines, before + 1, 2_000);
    expect(server.lines.length - before).toBe(2);
  });

  it("lets a client that writes 8 MiB before reading read the 413", async () => {
    const connection = await openConnection(url);
    connection.socket.pause();
    const request = rawRequest(url, {
      headers: [["Heron-Signature", "x"]],
      body: Buffer.alloc(8 * MiB, "a"),
    });
    await writeAll(connection.socket, request);
    connection.socket.resume();
    const answers = await responsesWithin(connection, 1, 5_000);
    connection.socket.destroy();
    expect(answers.map((answer) => [answer.status, answer.text])).toEqual([
      [413, '{"error":"PAYLOAD_TOO_LARGE"}'],
    ]);
  });

  it("lets Python's urllib, posting 2 MiB over the 1 MiB limit, read the 413", async () => {
    const script = [
      "import urllib.request, urllib.error",
      `req = urllib.request.Request("${url}", data=b"a" * ${2 * MiB}, method="POST", headers={"Heron-Signature": "x"})`,
      "try:",
      "    urllib.request.urlopen(req, timeout=20)",
      "except urllib.error.HTTPError as e:",
      "    print(e.code, e.read().decode())",
    ].join("\n");
    const { stdout } = await run("python3", ["-c", script]);
    expect(stdout.trim()).toBe('413 {"error":"PAYLOAD_TOO_LARGE"}');
  });

  it("logs at most a short line, never a stack, for 20 clients that drop mid-body", async () => {
    const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
    const request = rawRequest(url, {
      headers: Object.entries(delivery.headers),
      body: delivery.body,
    });
    const before = server.stderr().length;
    const linesBefore = server.lines.length;
    await Promise.all(
      Array.from({ length: 20 }, async (_, index) => {
        const connection = await openConnection(url);
        await writeAll(connection.socket, request.subarray(0, request.length - 10));
        await new Promise((resolve) => setTimeout(resolve, 50));
        if (index % 2 === 0) connection.socket.end();
        else connection.socket.resetAndDestroy();
        await closedWithin(connection, 5_000);
        connection.socket.destroy();
      }),
    );
    const next = await createTestDelivery({ topic: "end_user.processed", secret });
    expect((await fetch(url, { method: "POST", ...next })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logged = server.stderr().slice(before);
    expect(logged).not.toMatch(STACK_FRAME);
    expect(logged.split("\n").filter(Boolean).length).toBeLessThanOrEqual(20);
    // Only the delivery that arrived whole was printed.
    expect(await linesAfter(server.lines, linesBefore, 500)).toHaveLength(1);
  });
});

describe("examples/express", () => {
  let server: ReturnType<typeof startExample>;
  let origin: string;
  beforeAll(async () => {
    server = startExample("express", secret);
    origin = new URL(await server.url).origin;
  });
  afterAll(() => server?.stop());

  it("answers bad JSON on its other routes with small JSON, no stack to the client or the log", async () => {
    const before = server.stderr().length;
    const response = await fetch(`${origin}/orders`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"broken":',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ error: "Bad Request" });
    expect(text).not.toMatch(/\bat .*:\d+:\d+/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(server.stderr().slice(before)).toBe("");
  });
});

// The default deadline (10 s) is what a user gets: all five examples wait it out at once.
describe("every example's body deadline", () => {
  const servers = examples.map((name) => ({ name, server: startExample(name, secret) }));
  afterAll(() => Promise.all(servers.map(({ server }) => server.stop())));

  it("answers a body that stops arriving 408 BODY_TIMEOUT after 10 s and closes the connection", async () => {
    const outcomes = await Promise.all(
      servers.map(async ({ name, server }) => {
        const url = await server.url;
        const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
        const { closed, elapsedMs, answers } = await stallBody(url, delivery, 20_000);
        const seconds = elapsedMs / 1000;
        return {
          name,
          closed,
          // Timers do not fire early; late by seconds would be a loaded machine, not a bug.
          atTheDeadline: seconds >= 9.99 && seconds < 15,
          answers,
        };
      }),
    );
    expect(outcomes).toEqual(
      examples.map((name) => ({
        name,
        closed: true,
        atTheDeadline: true,
        answers: [[408, '{"error":"BODY_TIMEOUT"}']],
      })),
    );
  }, 40_000);
});
