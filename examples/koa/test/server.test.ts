// examples/koa, started as a user starts it, against the built @heron-webhooks/koa.
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { linesAfter, startExample } from "../../../scripts/start-example.mjs";

const secret = "whsec_example_koa";
let example: ReturnType<typeof startExample>;
let url: string;

beforeAll(async () => {
  example = startExample("koa", secret);
  url = await example.url;
});
afterAll(() => example?.stop());

it("prints a verified delivery as one JSON line", async () => {
  const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
  const before = example.lines.length;
  const response = await fetch(url, { method: "POST", ...delivery });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ ok: true });
  const [line] = await linesAfter(example.lines, before, 2000);
  expect(JSON.parse(line ?? "null")).toEqual(JSON.parse(delivery.body));
});

it("rejects a tampered delivery with 401, printing nothing", async () => {
  const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
  const before = example.lines.length;
  const body = delivery.body.replace("pdf.failed", "pdf.processed");
  const response = await fetch(url, { method: "POST", headers: delivery.headers, body });
  expect(response.status).toBe(401);
  expect(await linesAfter(example.lines, before, 100)).toEqual([]);
});

it("leaves other paths to Koa (404)", async () => {
  const delivery = await createTestDelivery({ topic: "pdf.failed", secret });
  const response = await fetch(new URL("/other", url), { method: "POST", ...delivery });
  expect(response.status).toBe(404);
});
