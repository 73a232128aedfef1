import { createTestDelivery, sampleEvents } from "@heron-webhooks/core/testing";
import { expect } from "vitest";
import { type Framing, send, sendThenDisconnect } from "../client.js";
import { SECRET } from "../deliveries.js";
import { expectAnswer, expectDelivered, expectNoHandlerCalls } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import type { Suite } from "../suite.js";

export function transportRows(suite: Suite): void {
  for (const method of ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
    suite.row("method-not-allowed", method, async () => {
      const recorder = createRecorder();
      const delivery = await createTestDelivery({ topic: "end_user.processed", secret: SECRET });
      const answer = await suite.serve(recorder, (endpoint) =>
        send(endpoint, {
          method,
          headers: Object.entries(delivery.headers),
          ...(method === "GET" ? {} : { body: delivery.body }),
        }),
      );
      expectAnswer(answer, 405, "METHOD_NOT_ALLOWED");
      expect(String(answer.headers.allow)).toMatch(/\bPOST\b/);
      expectNoHandlerCalls(recorder);
    });
  }

  for (const framing of ["chunked", "content-length"] as const satisfies Framing[]) {
    suite.row("client-disconnect", framing, async () => {
      const recorder = createRecorder();
      // The whole signed body arrives, but the request never ends: it must not count as delivered.
      const cut = await createTestDelivery({ topic: "pdf.failed", secret: SECRET });
      const next = await createTestDelivery({ topic: "end_user.processed", secret: SECRET });
      const [written, answer] = await suite.serve(recorder, async (endpoint) => {
        const partial = await sendThenDisconnect(endpoint, {
          headers: Object.entries(cut.headers),
          body: cut.body,
          framing,
        });
        const after = await send(endpoint, {
          headers: Object.entries(next.headers),
          body: next.body,
        });
        return [partial, after] as const;
      });
      expect(written).not.toMatch(/^HTTP\/1\.[01] 2/);
      expectAnswer(answer, 200);
      expectDelivered(recorder, sampleEvents["end_user.processed"]);
    });
  }
}
