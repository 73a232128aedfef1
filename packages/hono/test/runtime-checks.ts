import { createTestDelivery } from "@heron-webhooks/core/testing";
import { expect } from "vitest";

async function answer(url: string, init: RequestInit) {
  const response = await fetch(url, { method: "POST", ...init });
  return `${response.status} ${await response.text()}`;
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      // Two chunks, so the body goes out chunked, without Content-Length.
      controller.enqueue(bytes.subarray(0, 100));
      controller.enqueue(bytes.subarray(100));
      controller.close();
    },
  });
}

/**
 * What the runtime tests' app (runtimes/app.js, limit 4096 bytes) must answer: the same on every runtime.
 */
export async function expectHeronAnswers(baseUrl: string, secret: string): Promise<void> {
  const handler = `${baseUrl}/webhooks/heron`;
  const middleware = `${baseUrl}/middleware`;
  const signed = await createTestDelivery({ topic: "end_user.processed", secret });
  const pretty = await createTestDelivery({
    topic: "pdf.processed",
    secret,
    prettyPrintAfterSigning: true,
  });
  const wrongSecret = await createTestDelivery({
    topic: "end_user.processed",
    secret: `${secret}-old`,
  });
  const oversized = await createTestDelivery({
    topic: "end_user.processed",
    secret,
    meta: { padding: "x".repeat(8192) },
  });

  expect({
    signed: await answer(handler, signed),
    prettyPrintedAfterSigning: await answer(handler, pretty),
    tampered: await answer(handler, { ...signed, body: signed.body.replace("eus_", "eus-") }),
    wrongSecret: await answer(handler, wrongSecret),
    oversized: await answer(handler, oversized),
    oversizedChunked: await answer(handler, {
      headers: oversized.headers,
      body: streamOf(oversized.body),
      duplex: "half",
    } as RequestInit),
    middlewareSigned: await answer(middleware, signed),
    middlewareTampered: await answer(middleware, {
      ...signed,
      body: signed.body.replace("eus_", "eus-"),
    }),
  }).toEqual({
    signed: '200 {"ok":true}',
    prettyPrintedAfterSigning: '200 {"ok":true}',
    tampered: '401 {"error":"SIGNATURE_MISMATCH"}',
    wrongSecret: '401 {"error":"SIGNATURE_MISMATCH"}',
    oversized: '413 {"error":"PAYLOAD_TOO_LARGE"}',
    oversizedChunked: '413 {"error":"PAYLOAD_TOO_LARGE"}',
    middlewareSigned: "200 end_user.processed",
    middlewareTampered: '401 {"error":"SIGNATURE_MISMATCH"}',
  });
}
