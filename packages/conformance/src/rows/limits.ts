import { createTestDelivery, sampleEvents } from "@heron-webhooks/core/testing";
import { expect } from "vitest";
import { type Answer, send, sendUnended } from "../client.js";
import { eventOfSize, headersFor, MAX_BODY_BYTES, SECRET, signed } from "../deliveries.js";
import { expectAnswer, expectDelivered, expectNoHandlerCalls } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import type { Suite } from "../suite.js";

/** Far more than the limit: a server that buffered it would have to hold 20 times the limit. */
const STREAMED_BYTES = 20 * MAX_BODY_BYTES;

async function deliverValid(endpoint: string): Promise<Answer> {
  const delivery = await createTestDelivery({ topic: "end_user.reviewed", secret: SECRET });
  return send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body });
}

export function limitRows(suite: Suite): void {
  for (const declareLength of [true, false]) {
    suite.row(declareLength ? "too-large-declared" : "too-large-streamed", undefined, async () => {
      const recorder = createRecorder();
      const { signature } = await signed("{}");
      const [outcome, after] = await suite.serve(recorder, async (endpoint) => {
        // The body never ends, so an answer at all proves the server did not wait for all of it.
        const unended = await sendUnended(endpoint, {
          headers: headersFor(signature),
          bytes: STREAMED_BYTES,
          declareLength,
        });
        return [unended, await deliverValid(endpoint)] as const;
      });
      expect(outcome.answer, "the server closed the connection without answering").toBeDefined();
      expectAnswer(outcome.answer as Answer, 413, "PAYLOAD_TOO_LARGE");
      expectAnswer(after, 200);
      expectDelivered(recorder, sampleEvents["end_user.reviewed"]);
    });
  }

  for (const chunked of [false, true]) {
    suite.row("too-large-by-one", chunked ? "chunked" : "Content-Length", async () => {
      const recorder = createRecorder();
      const body = eventOfSize(MAX_BODY_BYTES + 1);
      const { signature } = await signed(body);
      const headers = headersFor(signature);
      const answer = await suite.serve(recorder, (endpoint) =>
        send(endpoint, chunked ? { headers, chunks: [body] } : { headers, body }),
      );
      expectAnswer(answer, 413, "PAYLOAD_TOO_LARGE");
      expectNoHandlerCalls(recorder);
    });
  }
}
