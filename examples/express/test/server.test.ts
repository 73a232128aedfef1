// The example as a user starts it (`node server.js`, which runs @heron-webhooks/express from its build).
import { sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { linesAfter, startExample } from "../../../scripts/start-example.mjs";

const secret = "whsec_example_express";
let server: ReturnType<typeof startExample>;
let url: string;

beforeAll(async () => {
  server = startExample("express", secret);
  url = await server.url;
});
afterAll(() => server?.stop());

it("prints a verified delivery as one JSON line", async () => {
  const delivery = await createTestDelivery({ topic: "transactions.deleted", secret });
  const before = server.lines.length;
  const response = await fetch(url, { method: "POST", ...delivery });
  expect(response.status).toBe(200);
  expect((await linesAfter(server.lines, before, 2000)).map((line) => JSON.parse(line))).toEqual([
    JSON.parse(delivery.body),
  ]);
});

it("verifies the bytes received, though the app parses JSON for its other routes", async () => {
  // A \u escape and 1.0: what Heron's Python signer sends and JSON.stringify would not reproduce.
  const body =
    '{"topic":"end_user.reviewed","created":"2021-05-20T09:23:53+00:00",' +
    '"data":{"heron_id":"eus_9","end_user_id":"caf\\u00e9","status":"reviewed","score":1.0}}';
  const before = server.lines.length;
  const response = await fetch(url, {
    method: "POST",
    body,
    headers: { "content-type": "application/json", "heron-signature": await sign(body, secret) },
  });
  expect(response.status).toBe(200);
  const [line] = await linesAfter(server.lines, before, 2000);
  expect(JSON.parse(line ?? "null")).toMatchObject({ topic: "end_user.reviewed" });
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
  expect(await linesAfter(server.lines, before, 100)).toEqual([]);
});
