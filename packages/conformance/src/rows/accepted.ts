import { KNOWN_TOPICS } from "@heron-webhooks/core";
import { createTestDelivery, sampleEvents } from "@heron-webhooks/core/testing";
import { expect } from "vitest";
import { type RawHeaders, send } from "../client.js";
import {
  asciiJson,
  CREATED,
  eventOfSize,
  headersFor,
  MAX_BODY_BYTES,
  OLD_SECRET,
  SECRET,
  signed,
} from "../deliveries.js";
import { expectAnswer, expectDelivered } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import type { Suite } from "../suite.js";

const NON_ASCII = "Café Zürich — 東京 🚀";

/** Posts `body` signed with SECRET; expects 200 and exactly the handlers for the event it holds. */
async function expectAccepted(
  suite: Suite,
  body: string | Uint8Array,
  headers: (signature: string) => RawHeaders = headersFor,
  endpointSuffix = "",
): Promise<void> {
  const recorder = createRecorder();
  const { signature } = await signed(body);
  const answer = await suite.serve(recorder, (endpoint) =>
    send(`${endpoint}${endpointSuffix}`, { headers: headers(signature), body }),
  );
  expectAnswer(answer, 200);
  expectDelivered(recorder, JSON.parse(Buffer.from(body).toString("utf8")));
}

const compactSample = () => JSON.stringify(sampleEvents["end_user.processed"]);

export function acceptedRows(suite: Suite): void {
  for (const topic of KNOWN_TOPICS) {
    suite.row("known-topic", topic, async () => {
      const recorder = createRecorder();
      const delivery = await createTestDelivery({ topic, secret: SECRET });
      const answer = await suite.serve(recorder, (endpoint) =>
        send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body }),
      );
      expectAnswer(answer, 200);
      expectDelivered(recorder, sampleEvents[topic]);
    });
  }

  for (const topic of ["invoice.created", "pdf.archived"]) {
    suite.row("unknown-topic", topic, async () => {
      const delivery = await createTestDelivery({ topic, secret: SECRET, data: { id: "new_1" } });
      await expectAccepted(suite, delivery.body);
    });
  }

  suite.row("non-ascii-utf8", undefined, async () => {
    const event = {
      topic: "end_user.processed",
      created: CREATED,
      data: { heron_id: "eus_utf8", end_user_id: NON_ASCII, status: "processed" },
      meta: { note: NON_ASCII },
    };
    await expectAccepted(suite, JSON.stringify(event));
  });

  suite.row("non-ascii-escaped", undefined, async () => {
    // Parsing and re-serialising this would change its bytes: only the raw body verifies.
    const body = `{"topic":"transactions.updated","created":"${CREATED}","data":{"heron_id":"eus_py","amount":1.0,"count":12345678901234567890,"description":${asciiJson(NON_ASCII)}},"meta":null}`;
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
    await expectAccepted(suite, body);
  });

  suite.row("pretty-printed", undefined, async () => {
    await expectAccepted(suite, JSON.stringify(sampleEvents["pdf.failed"], null, 2));
  });

  suite.row("respaced-after-signing", "two-space indent", async () => {
    const recorder = createRecorder();
    const delivery = await createTestDelivery({
      topic: "pdf.processed",
      secret: SECRET,
      prettyPrintAfterSigning: true,
    });
    const answer = await suite.serve(recorder, (endpoint) =>
      send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body }),
    );
    expectAnswer(answer, 200);
    expectDelivered(recorder, sampleEvents["pdf.processed"]);
  });

  suite.row("respaced-after-signing", "tabs and CRLF", async () => {
    const recorder = createRecorder();
    const compact = compactSample();
    const { signature } = await signed(compact);
    const body = JSON.stringify(JSON.parse(compact), null, "\t").replace(/\n/g, "\r\n");
    const answer = await suite.serve(recorder, (endpoint) =>
      send(endpoint, { headers: headersFor(signature), body }),
    );
    expectAnswer(answer, 200);
    expectDelivered(recorder, sampleEvents["end_user.processed"]);
  });

  const headerCases: Record<string, (signature: string) => RawHeaders> = {
    lowercase: (signature) => [
      ["content-type", "application/json"],
      ["heron-signature", signature],
    ],
    uppercase: (signature) => [
      ["CONTENT-TYPE", "application/json"],
      ["HERON-SIGNATURE", signature],
    ],
  };
  for (const [detail, headers] of Object.entries(headerCases)) {
    suite.row("header-names-case", detail, () => expectAccepted(suite, compactSample(), headers));
  }

  const contentTypes = {
    "content-type-json-charset": "application/json; charset=utf-8",
    "content-type-text-plain": "text/plain",
    "content-type-form": "application/x-www-form-urlencoded",
    "content-type-octet-stream": "application/octet-stream",
  } as const;
  for (const [id, contentType] of Object.entries(contentTypes)) {
    suite.row(id as keyof typeof contentTypes, undefined, async () => {
      await expectAccepted(suite, compactSample(), (signature) =>
        headersFor(signature, contentType),
      );
    });
  }

  suite.row("content-type-missing", undefined, async () => {
    await expectAccepted(suite, compactSample(), (signature) => [["Heron-Signature", signature]]);
  });

  suite.row("chunked", "a character split across chunks", async () => {
    const recorder = createRecorder();
    const body = Buffer.from(
      JSON.stringify({ ...sampleEvents["end_user.reviewed"], meta: { city: NON_ASCII } }),
    );
    // Split inside the three bytes of "東": a reader must join bytes, not decoded text.
    const split = body.indexOf(Buffer.from("東")) + 1;
    const chunks = [body.subarray(0, 10), body.subarray(10, split), body.subarray(split)];
    const { signature } = await signed(body);
    const answer = await suite.serve(recorder, (endpoint) =>
      send(endpoint, { headers: headersFor(signature), chunks }),
    );
    expectAnswer(answer, 200);
    expectDelivered(recorder, JSON.parse(body.toString("utf8")));
  });

  suite.row("query-string", undefined, async () => {
    await expectAccepted(suite, compactSample(), headersFor, "?source=heron&attempt=1");
  });

  suite.row("body-at-limit", undefined, async () => {
    const body = eventOfSize(MAX_BODY_BYTES);
    expect(Buffer.byteLength(body)).toBe(MAX_BODY_BYTES);
    await expectAccepted(suite, body);
  });

  suite.row("secret-rotation", undefined, async () => {
    const recorder = createRecorder({ secret: [SECRET, OLD_SECRET] });
    const current = await createTestDelivery({ topic: "end_user.processed", secret: SECRET });
    const previous = await createTestDelivery({ topic: "pdf.processed", secret: OLD_SECRET });
    const answers = await suite.serve(recorder, (endpoint) =>
      Promise.all(
        [current, previous].map((delivery) =>
          send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body }),
        ),
      ),
    );
    for (const answer of answers) expectAnswer(answer, 200);
    const topics = recorder.calls.filter((call) => call.pattern === "*").map((c) => c.event.topic);
    expect(topics.sort()).toEqual(["end_user.processed", "pdf.processed"]);
  });

  suite.row("concurrent", undefined, async () => {
    const recorder = createRecorder();
    const ids = Array.from({ length: 200 }, (_, index) => `concurrent-${index}`);
    const deliveries = await Promise.all(
      ids.map((end_user_id) =>
        createTestDelivery({
          topic: "end_user.processed",
          secret: SECRET,
          data: { heron_id: "eus_concurrent", end_user_id, status: "processed" },
        }),
      ),
    );
    const answers = await suite.serve(recorder, (endpoint) =>
      Promise.all(
        deliveries.map((delivery) =>
          send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body }),
        ),
      ),
    );
    for (const answer of answers) expectAnswer(answer, 200);
    const seen = recorder.calls
      .filter((call) => call.pattern === "end_user.processed")
      .map((call) => String((call.event.data as { end_user_id?: unknown }).end_user_id));
    expect(seen.sort()).toEqual([...ids].sort());
    expect(recorder.calls).toHaveLength(ids.length * 3);
  });
}
