import { memoryInbox } from "@heron-webhooks/core";
import type { InboxStore } from "@heron-webhooks/core/store";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { expect } from "vitest";
import { send } from "../client.js";
import { SECRET } from "../deliveries.js";
import { expectAnswer, expectNoHandlerCalls } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import type { Suite } from "../suite.js";

/** A store that cannot take a write, as a database that went away. */
function unavailableStore(): InboxStore {
  const store = memoryInbox();
  return {
    ...store,
    accept: () =>
      Promise.reject(new Error("connection refused: postgres://heron:hunter2@db/heron")),
  };
}

async function deliveryOf(topic: "end_user.processed" | "pdf.failed", created?: string) {
  const delivery = await createTestDelivery({ topic, secret: SECRET, created });
  return { headers: Object.entries(delivery.headers), body: delivery.body };
}

export function inboxRows(suite: Suite): void {
  suite.row("inbox-stored", undefined, async () => {
    const inbox = memoryInbox();
    const recorder = createRecorder({ inbox });
    const delivery = await deliveryOf("end_user.processed");
    const answers = await suite.serve(recorder, async (endpoint) => [
      await send(endpoint, delivery),
      // Byte-identical: Heron's retry of an answer it did not get.
      await send(endpoint, delivery),
    ]);
    for (const answer of answers) expectAnswer(answer, 200);
    // Handlers run later, from the inbox: none ran inside the request.
    expectNoHandlerCalls(recorder);
    const { counts } = await inbox.stats();
    expect(counts).toEqual({ pending: 1, running: 0, done: 0, dead: 0 });
  });

  suite.row("inbox-unavailable", undefined, async () => {
    const recorder = createRecorder({ inbox: unavailableStore() });
    const answer = await suite.serve(recorder, async (endpoint) =>
      send(endpoint, await deliveryOf("pdf.failed")),
    );
    expectAnswer(answer, 503, "INBOX_UNAVAILABLE", ["hunter2", "postgres://"]);
    expectNoHandlerCalls(recorder);
  });

  suite.row("event-outside-window", undefined, async () => {
    const recorder = createRecorder({ maxEventAgeSeconds: 300 });
    const old = new Date(Date.now() - 3_600_000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const recent = new Date(Date.now() - 60_000).toISOString();
    const cases = [
      { created: old, status: 400, error: "EVENT_OUTSIDE_WINDOW" },
      { created: future, status: 400, error: "EVENT_OUTSIDE_WINDOW" },
      { created: recent, status: 200 },
    ] as const;
    const answers = await suite.serve(recorder, async (endpoint) => {
      const sent = [];
      for (const { created } of cases)
        sent.push(await send(endpoint, await deliveryOf("pdf.failed", created)));
      return sent;
    });
    cases.forEach((expected, index) => {
      const answer = answers[index];
      expect(answer, expected.created).toBeDefined();
      if (answer)
        expectAnswer(answer, expected.status, "error" in expected ? expected.error : undefined);
    });
  });
}
