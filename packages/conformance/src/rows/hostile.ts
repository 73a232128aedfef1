import { createTestDelivery } from "@heron-webhooks/core/testing";
import { expect } from "vitest";
import { send } from "../client.js";
import { CREATED, headersFor, SECRET, signed } from "../deliveries.js";
import { expectAnswer, expectNoHandlerCalls } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import type { Suite } from "../suite.js";

/** Room for the deepest body (100 000 nested objects is about 600 kB): it must fail for its depth, not size. */
const DEEP_MAX_BODY_BYTES = 1024 * 1024;

/** A valid envelope whose `meta` nests `depth` arrays or objects. */
function deepEvent(depth: number, kind: "arrays" | "objects"): string {
  const [open, innermost, close] = kind === "arrays" ? ["[", "", "]"] : ['{"a":', "0", "}"];
  const meta = `${open.repeat(depth)}${innermost}${close.repeat(depth)}`;
  return `{"topic":"end_user.processed","created":"${CREATED}","data":{"heron_id":"eus_deep","end_user_id":"deep","status":"processed"},"meta":${meta}}`;
}

function overflowStack(depth: number): number {
  return overflowStack(depth + 1) + 1;
}

export function hostileRows(suite: Suite): void {
  for (const depth of [5_000, 100_000]) {
    for (const kind of ["arrays", "objects"] as const) {
      suite.row("deep-json", `${depth} ${kind}`, async () => {
        const recorder = createRecorder({ maxBodyBytes: DEEP_MAX_BODY_BYTES });
        const body = deepEvent(depth, kind);
        const { signature } = await signed(body);
        const answer = await suite.serve(recorder, (endpoint) =>
          send(endpoint, { headers: headersFor(signature), body }),
        );
        expectAnswer(answer, 400, "INVALID_JSON");
        expectNoHandlerCalls(recorder);
      });
    }
  }

  suite.row("handler-stack-overflow", undefined, async () => {
    const recorder = createRecorder({ failingHandler: () => void overflowStack(0) });
    const delivery = await createTestDelivery({ topic: "pdf.processed", secret: SECRET });
    const answer = await suite.serve(recorder, (endpoint) =>
      send(endpoint, { headers: Object.entries(delivery.headers), body: delivery.body }),
    );
    expectAnswer(answer, 500, "HANDLER_FAILED");
    expect(recorder.errors.map(({ error }) => error.code)).toEqual(["HANDLER_FAILED"]);
    expect(recorder.errors[0]?.error.cause).toBeInstanceOf(RangeError);
  });
}
