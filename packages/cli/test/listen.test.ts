// listen as a user runs it: trigger and send post to it; --forward-to passes deliveries on to an example.

import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KNOWN_TOPICS } from "@heron-webhooks/core";
import { sampleEvents } from "@heron-webhooks/core/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { nodeRuntimes } from "../../../scripts/node-runtimes.mjs";
import { linesAfter, startExample } from "../../../scripts/start-example.mjs";
import { cli, type Listener, linesOf, startListen } from "./support/cli.js";

const secret = "whsec_cli_listen_test";
const listeners: Listener[] = [];
async function listen(args: string[], node?: string): Promise<Listener> {
  const listener = await startListen(args, node ? { node } : {});
  listeners.push(listener);
  return listener;
}
afterEach(async () => {
  for (const listener of listeners.splice(0)) expect(await listener.stop()).toBe(0);
});
/** `heron-webhooks trigger TOPIC` against `url`, signed with `signWith`. */
const trigger = (topic: string, url: string, signWith: string) =>
  cli(["trigger", topic, "--url", url, "--secret", signWith]);

describe.each(nodeRuntimes())("listen on Node $version", ({ binary: node }) => {
  let app: ReturnType<typeof startExample>;
  let appUrl: string;
  beforeAll(async () => {
    app = startExample("node-http", secret, node);
    appUrl = await app.url;
  });
  afterAll(() => app?.stop());

  it("prints each delivery of trigger all: time, verdict, topic, ids and status", async () => {
    const listener = await listen(["--secret", secret], node);
    expect(listener.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhooks\/heron$/);
    const run = await cli(["trigger", "all", "--url", listener.url, "--secret", secret], { node });
    expect(run.code).toBe(0);
    const lines = await listener.waitForLines(KNOWN_TOPICS.length);
    expect(lines).toHaveLength(KNOWN_TOPICS.length);
    expect(lines[0]).toMatch(
      /^\d\d:\d\d:\d\d {2}✓ 200 {2}end_user\.processed +eus_Eqio3Y4dhyNiMphrXwG58p {2}acme-merchant-0042 {2}processed$/,
    );
    expect(lines[4]).toMatch(/ {2}transactions\.deleted +2 transactions$/);
    expect(lines[8]).toMatch(
      / {2}pdf\.failed +pdf_pLXqyc2wEwZbA5ZBUeyG6d {2}acme-merchant-0042 {2}failed$/,
    );
  });

  it("forwards the exact bytes and headers to the app, prints its answer and answers with it", async () => {
    const listener = await listen(["--secret", secret, "--forward-to", appUrl], node);
    expect(listener.stderr()).toContain(`forwarding to ${appUrl}`);
    const before = app.lines.length;
    const run = await cli(
      ["trigger", "all", "--pretty", "--url", listener.url, "--secret", secret],
      { node },
    );
    expect(run.code).toBe(0);
    const lines = await listener.waitForLines(KNOWN_TOPICS.length);
    for (const line of lines) {
      expect(line).toMatch(/✓ 200 .*\(whitespace-normalised match\) {2}→ app 200 \([\d.]+ ms\)$/);
    }
    await linesAfter(app.lines, before + KNOWN_TOPICS.length - 1, 2000);
    expect(app.lines.slice(before).map((line) => JSON.parse(line))).toEqual(
      KNOWN_TOPICS.map((topic) => sampleEvents[topic]),
    );
  });
});

describe("listen's verdicts", () => {
  let app: ReturnType<typeof startExample>;
  let appUrl: string;
  beforeAll(async () => {
    app = startExample("node-http", secret);
    appUrl = await app.url;
  });
  afterAll(() => app?.stop());

  it("prints a refused delivery with its error code, and answers as core does", async () => {
    const listener = await listen(["--secret", secret]);
    const run = await trigger("pdf.failed", listener.url, "whsec_other");
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)[0]).toMatch(/^✗ 401 .* SIGNATURE_MISMATCH$/);
    const [line] = await listener.waitForLines(1);
    expect(line).toMatch(
      /^\d\d:\d\d:\d\d {2}✗ 401 {2}SIGNATURE_MISMATCH {2}POST \/webhooks\/heron$/,
    );
    const missing = await fetch(listener.url, { method: "POST", body: "{}" });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: "MISSING_SIGNATURE" });
    const elsewhere = await fetch(listener.url.replace("/webhooks/heron", "/other"));
    expect(elsewhere.status).toBe(404);
    expect((await listener.waitForLines(3))[2]).toMatch(/✗ 404 {2}NOT_FOUND {2}GET \/other$/);
  });

  it("says which secret of a rotation matched", async () => {
    const listener = await listen(["--secret", "whsec_new", "--secret", secret]);
    await trigger("pdf.failed", listener.url, secret);
    await trigger("pdf.failed", listener.url, "whsec_new");
    const lines = await listener.waitForLines(2);
    expect(lines[0]).toMatch(/✓ 200 .*failed {2}\(secret #2\)$/);
    expect(lines[1]).toMatch(/✓ 200 .*failed$/);
  });

  it("prints one JSON line per delivery with --json", async () => {
    const listener = await listen(["--secret", secret, "--json", "--path", "/hooks"]);
    const url = listener.url;
    expect(url).toMatch(/\/hooks$/);
    await trigger("end_user.reviewed", url, secret);
    await trigger("end_user.reviewed", url, "whsec_other");
    const [accepted, refused] = (await listener.waitForLines(2)).map((line) => JSON.parse(line));
    expect(accepted).toEqual({
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      method: "POST",
      path: "/hooks",
      status: 200,
      error: null,
      topic: "end_user.reviewed",
      secretIndex: 0,
      whitespaceNormalized: false,
      event: sampleEvents["end_user.reviewed"],
      forward: null,
      recording: null,
    });
    expect(refused).toMatchObject({
      status: 401,
      error: "SIGNATURE_MISMATCH",
      topic: null,
      event: null,
    });
  });

  it("passes the app's refusal on, and prints both verdicts", async () => {
    const listener = await listen([
      "--secret",
      "whsec_listen_only",
      "--forward-to",
      appUrl,
      "--json",
    ]);
    const run = await trigger("pdf.failed", listener.url, "whsec_listen_only");
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)[0]).toMatch(/^✗ 401 .*SIGNATURE_MISMATCH$/);
    const [line] = (await listener.waitForLines(1)).map((each) => JSON.parse(each));
    expect(line).toMatchObject({
      status: 200,
      forward: { status: 401, error: "SIGNATURE_MISMATCH", ms: expect.any(Number) },
    });
  });

  it("answers 502 FORWARD_FAILED when the app cannot be reached", async () => {
    const closed: Server = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const listener = await listen([
      "--secret",
      secret,
      "--forward-to",
      `http://127.0.0.1:${port}/`,
    ]);
    const run = await trigger("pdf.failed", listener.url, secret);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)[0]).toMatch(/^✗ 502 .*FORWARD_FAILED$/);
    const [line] = await listener.waitForLines(1);
    expect(line).toMatch(
      /✓ 200 .*→ app cannot connect to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
  });

  it("records each delivery with --record, and send posts the recordings again", async () => {
    const directory = join(mkdtempSync(join(tmpdir(), "heron-cli-record-")), "deliveries");
    const listener = await listen(["--secret", secret, "--record", directory, "--json"]);
    await cli(["trigger", "all", "--pretty", "--url", listener.url, "--secret", secret]);
    const lines = (await listener.waitForLines(KNOWN_TOPICS.length)).map((line) =>
      JSON.parse(line),
    );
    const files = readdirSync(directory).sort();
    expect(files).toHaveLength(KNOWN_TOPICS.length);
    expect(lines.map((line) => line.recording).sort()).toEqual(
      files.map((file) => join(directory, file)),
    );
    const recording = JSON.parse(readFileSync(join(directory, files[0] as string), "utf8"));
    expect(recording).toEqual({
      receivedAt: expect.any(String),
      headers: { "content-type": "application/json", "heron-signature": expect.any(String) },
      verdict: { status: 200, error: null },
      body: JSON.stringify(sampleEvents["end_user.processed"], null, 2),
    });

    const before = app.lines.length;
    const sent = await cli([
      "send",
      ...files.map((file) => join(directory, file)),
      "--url",
      appUrl,
    ]);
    expect(sent.stderr).toBe("");
    expect(sent.code).toBe(0);
    expect(linesOf(sent.stdout).at(-1)).toMatch(/^9 sent: 9 accepted, 0 failed/);
    await linesAfter(app.lines, before + KNOWN_TOPICS.length - 1, 2000);
    expect(app.lines.slice(before).map((line) => JSON.parse(line))).toEqual(
      KNOWN_TOPICS.map((topic) => sampleEvents[topic]),
    );
  });

  it("stops with one line and exit 1 when its port is taken", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = String((taken.address() as AddressInfo).port);
    const run = await cli(["listen", "--port", port, "--secret", secret]);
    await new Promise((resolve) => taken.close(resolve));
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`heron-webhooks: port ${port} is in use: pick another with --port\n`);
  });
});
