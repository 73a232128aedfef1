import { createTestDelivery } from "@heron-webhooks/core/testing";
import { expect } from "vitest";
import { SECRET } from "../deliveries.js";
import { expectAnswer, expectNoHandlerCalls } from "../expectations.js";
import { closedWithin, openConnection, parseResponses, rawRequest, writeAll } from "../raw.js";
import { createRecorder } from "../recorder.js";
import type { Suite } from "../suite.js";

/** Short, so the rows stay quick: set on the `webhooks` instance the suite gives `start`. */
export const BODY_TIMEOUT_MS = 300;

/** How long past the deadline the server may take to answer and close, on a loaded machine. */
const GRACE_MS = 5_000;

/** A drip far slower than a real sender, yet fast enough to keep any idle timer from firing. */
const DRIP_INTERVAL_MS = 20;

export function deadlineRows(suite: Suite): void {
  for (const drip of [false, true]) {
    suite.row(drip ? "body-timeout-drip" : "body-timeout-idle", undefined, async () => {
      const recorder = createRecorder({ bodyTimeoutMs: BODY_TIMEOUT_MS });
      const delivery = await createTestDelivery({ topic: "end_user.processed", secret: SECRET });
      const outcome = await suite.serve(recorder, async (endpoint) => {
        const bytes = rawRequest(endpoint, {
          headers: Object.entries(delivery.headers),
          body: delivery.body,
        });
        const connection = await openConnection(endpoint);
        const started = Date.now();
        // The headers and the first byte of the body; then nothing, or one byte at a time. The
        // last byte is never sent, so only the deadline can end the request.
        let sent = bytes.indexOf("\r\n\r\n") + 5;
        await writeAll(connection.socket, bytes.subarray(0, sent));
        const dripper = drip
          ? setInterval(() => {
              if (sent < bytes.length - 1) connection.socket.write(bytes.subarray(sent, ++sent));
            }, DRIP_INTERVAL_MS)
          : undefined;
        const closed = await closedWithin(connection, BODY_TIMEOUT_MS + GRACE_MS);
        clearInterval(dripper);
        const elapsed = Date.now() - started;
        connection.socket.destroy();
        return { answers: parseResponses(connection.received()), closed, elapsed, sent };
      });
      expect(outcome.answers.map((answer) => answer.status)).toEqual([408]);
      expectAnswer(outcome.answers[0] as (typeof outcome.answers)[0], 408, "BODY_TIMEOUT");
      expect(outcome.closed, "the server kept the connection open after the 408").toBe(true);
      // Timers never fire early by more than their rounding: an earlier 408 ignored the option.
      expect(outcome.elapsed).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 5);
      if (drip) expect(outcome.sent, "the drip kept sending").toBeGreaterThan(5);
      expectNoHandlerCalls(recorder);
    });
  }
}
