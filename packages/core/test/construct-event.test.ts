import { constructEvent, HeronWebhookError, KNOWN_TOPICS, sign } from "@heron-webhooks/core";
import { sampleEvents } from "@heron-webhooks/core/testing";
import { describe, expect, it } from "vitest";
import { rejectionOf } from "./support/errors.js";

const secret = "sec_construct_event";

// The status each code answers, as the README's error table documents it.
const STATUS: Record<string, number> = {
  INVALID_JSON: 400,
  INVALID_PAYLOAD: 400,
  PAYLOAD_TOO_LARGE: 413,
  MISSING_SIGNATURE: 401,
  MALFORMED_SIGNATURE: 401,
  SIGNATURE_MISMATCH: 401,
  RAW_BODY_UNAVAILABLE: 500,
  INVALID_CONFIG: 500,
};

async function construct(body: string | Uint8Array, options?: { maxBodyBytes?: number }) {
  return constructEvent(body, await sign(body, secret), secret, options);
}

async function failure(body: string | Uint8Array, options?: { maxBodyBytes?: number }) {
  const error = await rejectionOf(construct(body, options));
  expect(error).toBeInstanceOf(HeronWebhookError);
  expect(error.status).toBe(STATUS[error.code]);
  return error;
}

const envelope = { topic: "pdf.failed", created: "2021-05-20T09:23:53+00:00", data: {} };
const withEnvelope = (fields: Record<string, unknown>) =>
  JSON.stringify({ ...envelope, ...fields });

describe("constructEvent", () => {
  it.each(KNOWN_TOPICS)("returns the %s sample as sent", async (topic) => {
    const body = JSON.stringify(sampleEvents[topic]);
    expect(await construct(body)).toEqual(sampleEvents[topic]);
  });

  it("returns an event on an unknown topic like any other", async () => {
    const body = withEnvelope({ topic: "loan.approved", data: { heron_id: "lon_1" } });
    expect(await construct(body)).toEqual(JSON.parse(body));
  });

  it("keeps the body's own numbers and escapes: it parses the signed bytes", async () => {
    const body =
      '{"topic":"transactions.updated","created":"2021-05-20T09:23:53+00:00","data":{"amount":42.0,"description":"Caf\\u00e9"}}';
    expect(await construct(body)).toMatchObject({ data: { amount: 42, description: "Café" } });
  });

  it.each([
    ["absent", {}],
    ["null", { meta: null }],
    ["a string", { meta: "loan-7781" }],
    ["an object", { meta: { source: "crm", tags: [1, 2] } }],
  ])("accepts meta %s", async (_name, meta) => {
    const body = JSON.stringify({ ...envelope, ...meta });
    expect(await construct(body)).toEqual(JSON.parse(body));
  });

  it.each([
    "2021-05-20T09:23:53+00:00",
    "2026-08-14T12:24:38.137886",
    "2026-08-14T12:24:38Z",
    "2026-08-14T12:24:38.1-05:00",
    "2026-08-14T12:24:38+0530",
  ])("accepts created %s", async (created) => {
    expect(await construct(withEnvelope({ created }))).toMatchObject({ created });
  });

  describe("errors", () => {
    it("MISSING_SIGNATURE, MALFORMED_SIGNATURE and SIGNATURE_MISMATCH are 401", async () => {
      const body = withEnvelope({});
      const cases = [
        [undefined, "MISSING_SIGNATURE"],
        ["not-a-signature", "MALFORMED_SIGNATURE"],
        [await sign(body, "sec_other"), "SIGNATURE_MISMATCH"],
      ] as const;
      for (const [header, code] of cases) {
        const error = await rejectionOf(constructEvent(body, header, secret));
        expect(error).toMatchObject({ code, status: 401 });
      }
    });

    it.each([
      ["text", "not json"],
      ["truncated JSON", '{"topic":"pdf.failed"'],
      ["an empty body", ""],
      ["invalid UTF-8", Uint8Array.of(0x7b, 0xff, 0x7d)],
    ])("INVALID_JSON (400) for %s", async (_name, body) => {
      expect(await failure(body)).toMatchObject({ code: "INVALID_JSON", status: 400 });
    });

    it.each([
      ["an array", "[]"],
      ["null", "null"],
      ["a number", "42"],
      ["a string", '"pdf.failed"'],
      ["no topic", JSON.stringify({ created: envelope.created, data: {} })],
      ["a number topic", withEnvelope({ topic: 7 })],
      ["an empty topic", withEnvelope({ topic: "" })],
      ["no created", JSON.stringify({ topic: "pdf.failed", data: {} })],
      ["a number created", withEnvelope({ created: 1621502633 })],
      ["a date-only created", withEnvelope({ created: "2021-05-20" })],
      ["a free-text created", withEnvelope({ created: "yesterday" })],
      ["no data", JSON.stringify({ topic: "pdf.failed", created: envelope.created })],
      ["null data", withEnvelope({ data: null })],
      ["array data", withEnvelope({ data: [] })],
      ["string data", withEnvelope({ data: "pdf_1" })],
    ])("INVALID_PAYLOAD (400) for %s", async (_name, body) => {
      expect(await failure(body)).toMatchObject({ code: "INVALID_PAYLOAD", status: 400 });
    });

    it("PAYLOAD_TOO_LARGE (413) over maxBodyBytes, and exactly at the limit passes", async () => {
      const body = withEnvelope({});
      const size = Buffer.byteLength(body);
      expect(await construct(body, { maxBodyBytes: size })).toMatchObject({ topic: "pdf.failed" });
      expect(await failure(body, { maxBodyBytes: size - 1 })).toMatchObject({
        code: "PAYLOAD_TOO_LARGE",
        status: 413,
      });
    });

    it("PAYLOAD_TOO_LARGE over the 1 MiB default, before the signature is looked at", async () => {
      const body = withEnvelope({ data: { filler: "x".repeat(1024 * 1024) } });
      const error = await rejectionOf(constructEvent(body, "bad", secret));
      expect(error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    });

    it("RAW_BODY_UNAVAILABLE (500) for a parsed body, saying to pass the raw bytes", async () => {
      const parsed = JSON.parse(withEnvelope({})) as unknown as string;
      const error = await rejectionOf(constructEvent(parsed, "x", secret));
      expect(error).toMatchObject({ code: "RAW_BODY_UNAVAILABLE", status: 500 });
      expect(error.message).toMatch(/raw/i);
    });
  });
});
