import { createTestDelivery, sampleEvents } from "@heron-webhooks/core/testing";
import { expect, it } from "vitest";
import { send } from "../client.js";
import { SECRET } from "../deliveries.js";
import { expectAnswer, expectNoHandlerCalls } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import { ROWS } from "../rows.js";
import type { Suite } from "../suite.js";

const LEAKY_MESSAGE = "db down: postgres://admin:hunter2@db.internal/heron";

export function failureRows(suite: Suite): void {
  for (const rejects of [false, true]) {
    suite.row(rejects ? "handler-rejects" : "handler-throws", undefined, async () => {
      const thrown = new Error(LEAKY_MESSAGE);
      const recorder = createRecorder({
        failingHandler: rejects
          ? async () => {
              await Promise.resolve();
              throw thrown;
            }
          : () => {
              throw thrown;
            },
      });
      const delivery = await createTestDelivery({ topic: "transactions.deleted", secret: SECRET });
      const answer = await suite.serve(recorder, (endpoint) =>
        send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body }),
      );
      expectAnswer(answer, 500, "HANDLER_FAILED", [LEAKY_MESSAGE, "hunter2"]);
      expect(recorder.errors).toHaveLength(1);
      const [reported] = recorder.errors;
      expect(reported?.error.code).toBe("HANDLER_FAILED");
      expect(reported?.error.cause).toBe(thrown);
      expect(reported?.event).toEqual(sampleEvents["transactions.deleted"]);
    });
  }

  const { startWithBodyConsumed } = suite.options;
  if (!startWithBodyConsumed) {
    it.skip(`${ROWS["raw-body-unavailable"]} [skipped: no startWithBodyConsumed given]`);
    return;
  }
  suite.row("raw-body-unavailable", undefined, async () => {
    const recorder = createRecorder();
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret: SECRET });
    const answer = await suite.serve(
      recorder,
      (endpoint) =>
        send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body }),
      startWithBodyConsumed,
    );
    expectAnswer(answer, 500, "RAW_BODY_UNAVAILABLE");
    expectNoHandlerCalls(recorder);
  });
}
