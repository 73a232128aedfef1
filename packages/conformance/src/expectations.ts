import {
  type HeronWebhookErrorCode,
  type HeronWebhookEvent,
  KNOWN_TOPICS,
} from "@heron-webhooks/core";
import { expect } from "vitest";
import type { Answer } from "./client.js";
import { OLD_SECRET, SECRET, STRANGER_SECRET } from "./deliveries.js";
import type { HandlerCall, Recorder } from "./recorder.js";

/** No secret, expected signature or stack trace in an answer. */
export function expectNoLeak(text: string, secrets: readonly string[] = []): void {
  for (const secret of [SECRET, OLD_SECRET, STRANGER_SECRET, ...secrets]) {
    expect(text).not.toContain(secret);
  }
  expect(text).not.toMatch(/\bat .*:\d+:\d+/);
}

/** The answer is small JSON: `{"ok":true}` with 200, else `{"error":"<code>"}`. */
export function expectAnswer(
  answer: Answer,
  status: number,
  error?: HeronWebhookErrorCode,
  secrets: readonly string[] = [],
): void {
  let body: unknown = answer.text;
  try {
    body = JSON.parse(answer.text);
  } catch {
    // Left as text, so the comparison below shows what came back.
  }
  expect({ status: answer.status, body }).toEqual({
    status,
    body: error ? { error } : { ok: true },
  });
  expect(answer.headers["content-type"]).toMatch(/^application\/json\b/i);
  expectNoLeak(answer.text, secrets);
}

function expectedPatterns(topic: string): string[] {
  if (!(KNOWN_TOPICS as readonly string[]).includes(topic)) return ["*"];
  return [topic, `${topic.split(".")[0]}.*`, "*"];
}

const byPattern = (a: HandlerCall, b: HandlerCall) => a.pattern.localeCompare(b.pattern);

/** Exactly the handlers for `event.topic` ran, each once, with `event`. */
export function expectDelivered(recorder: Recorder, event: HeronWebhookEvent): void {
  const expected = expectedPatterns(event.topic).map((pattern) => ({ pattern, event }));
  expect([...recorder.calls].sort(byPattern)).toEqual(
    expected.sort((a, b) => a.pattern.localeCompare(b.pattern)),
  );
}

export function expectNoHandlerCalls(recorder: Recorder): void {
  expect(recorder.calls).toEqual([]);
}
