// The example as a user starts it (`node server.js`, which runs @heron-webhooks/fastify from its build).
import { sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { linesAfter, startExample } from "../../../scripts/start-example.mjs";

const secret = "whsec_example_fastify";
let server: ReturnType<typeof startExample>;
let url: string;

beforeAll(async () => {
  server = startExample("fastify", secret);
  url = await server.url;
});
afterAll(() => server?.stop());

it("prints a verified delivery as one JSON line", async () => {
  const delivery = await createTestDelivery({ topic: "end_user.review_required", secret });
  const before = server.lines.length;
  const response = await fetch(url, { method: "POST", ...delivery });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
  expect((await linesAfter(server.lines, before, 2000)).map((line) => JSON.parse(line))).toEqual([
    JSON.parse(delivery.body),
  ]);
});

it("verifies the bytes received, whatever the content type says", async () => {
  // A \u escape and 1.0: what Heron's Python signer sends and JSON.stringify would not reproduce.
  const body =
    '{"topic":"end_user.reviewed","created":"2021-05-20T09:23:53+00:00",' +
    '"data":{"heron_id":"eus_9","end_user_id":"caf\\u00e9","status":"reviewed","score":1.0}}';
  const signature = await sign(body, secret);
  for (const contentType of ["application/json; charset=utf-8", "text/plain"]) {
    const before = server.lines.length;
    const response = await fetch(url, {
      method: "POST",
      body,
      headers: { "content-type": contentType, "heron-signature": signature },
    });
    expect(response.status).toBe(200);
    const [line] = await linesAfter(server.lines, before, 2000);
    expect(JSON.parse(line ?? "null")).toMatchObject({ data: { end_user_id: "café" } });
  }
});

it("answers a tampered delivery with 401 and prints nothing", async () => {
  const delivery = await createTestDelivery({ topic: "pdf.processed", secret });
  const before = server.lines.length;
  const response = await fetch(url, {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body.replace("pdf_", "pdf_x"),
  });
  expect(response.status).toBe(401);
  expect(await response.json()).toEqual({ error: "SIGNATURE_MISMATCH" });
  expect(await linesAfter(server.lines, before, 100)).toEqual([]);
});
