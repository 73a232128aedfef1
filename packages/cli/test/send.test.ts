// send posts hand-written and recorded files to an example, signing them again when given a secret.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleEvents } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { linesAfter, startExample } from "../../../scripts/start-example.mjs";
import { cli, linesOf } from "./support/cli.js";

const secret = "whsec_cli_send_test";
const directory = mkdtempSync(join(tmpdir(), "heron-cli-send-"));
function file(name: string, content: string): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

describe("send", () => {
  let app: ReturnType<typeof startExample>;
  let url: string;
  beforeAll(async () => {
    app = startExample("node-http", secret);
    url = await app.url;
  });
  afterAll(() => app?.stop());

  const body = JSON.stringify(sampleEvents["pdf.processed"]);

  it("signs a hand-written file with --secret (or HERON_WEBHOOK_SECRET) and posts its exact bytes", async () => {
    // Non-ASCII and 1.0: bytes no re-serialisation would reproduce.
    const handWritten = file(
      "hand.json",
      '{"topic":"end_user.reviewed","created":"2021-05-20T09:23:53+00:00","data":{"heron_id":"eus_1","end_user_id":"caf\\u00e9","status":"reviewed","score":1.0}}',
    );
    const before = app.lines.length;
    const run = await cli(["send", handWritten, "--url", url, "--secret", secret, "--json"]);
    expect(run.code).toBe(0);
    expect(JSON.parse(linesOf(run.stdout)[0] as string)).toEqual({
      type: "delivery",
      file: "hand.json",
      topic: "end_user.reviewed",
      status: 200,
      ms: expect.any(Number),
      error: null,
    });
    const fromEnv = await cli(["send", handWritten, "--url", url], {
      env: { HERON_WEBHOOK_SECRET: secret },
    });
    expect(fromEnv.code).toBe(0);
    await linesAfter(app.lines, before + 1, 2000);
    expect(JSON.parse(app.lines[before] as string)).toMatchObject({
      data: { end_user_id: "café" },
    });
  });

  it("posts an unsigned file unsigned when no secret is given, and fails with the receiver's code", async () => {
    const run = await cli(["send", file("unsigned.json", body), "--url", url]);
    expect(run.code).toBe(1);
    expect(linesOf(run.stdout)[0]).toMatch(
      /^✗ 401 +[\d.]+ ms {2}unsigned\.json {2}pdf\.processed {2}MISSING_SIGNATURE$/,
    );
  });

  it("keeps a recording's own signature, and replaces it when given --secret", async () => {
    const stale = file(
      "recorded.json",
      JSON.stringify({
        receivedAt: "2026-01-01T00:00:00.000Z",
        headers: {
          "heron-signature": "WRDmIBbvUDQnLJJsJwcZkqRlwjNc7PQYUb2gcVd/T20=",
          "content-type": "application/json",
        },
        body,
      }),
    );
    const kept = await cli(["send", stale, "--url", url]);
    expect(kept.code).toBe(1);
    expect(linesOf(kept.stdout)[0]).toMatch(/SIGNATURE_MISMATCH$/);
    const resigned = await cli(["send", stale, "--url", url, "--secret", secret]);
    expect(resigned.code).toBe(0);
  });

  it("posts a recording's base64 body byte for byte", async () => {
    const recorded = file(
      "binary.json",
      JSON.stringify({
        receivedAt: "2026-01-01T00:00:00.000Z",
        headers: {},
        bodyBase64: Buffer.from([0xff, 0xfe, 0x00]).toString("base64"),
      }),
    );
    const run = await cli(["send", recorded, "--url", url, "--secret", secret, "--json"]);
    expect(run.code).toBe(1);
    // Signed, so the signature matches; then core refuses bytes that are not UTF-8 JSON.
    expect(JSON.parse(linesOf(run.stdout)[0] as string)).toMatchObject({
      status: 400,
      error: "INVALID_JSON",
      topic: null,
    });
  });

  it("sends stdin as -", async () => {
    const run = await cli(["send", "-", "--url", url, "--secret", secret], { input: body });
    expect(run.code).toBe(0);
    expect(linesOf(run.stdout)[0]).toMatch(/^✓ 200 +[\d.]+ ms {2}- {2}pdf\.processed$/);
  });

  it("sends nothing when one of the files cannot be read", async () => {
    const before = app.lines.length;
    const run = await cli([
      "send",
      file("ok.json", body),
      join(directory, "missing.json"),
      "--url",
      url,
      "--secret",
      secret,
    ]);
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `heron-webhooks: cannot read ${join(directory, "missing.json")}: ENOENT\n`,
    });
    expect(await linesAfter(app.lines, before, 200)).toEqual([]);
  });
});
