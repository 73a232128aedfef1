// Shared by the inbox-*.test.ts files: a real node:http server over core's node handler, a clock
// the tests move by hand, and a way to wait for what a worker does in the background.
import { createServer } from "node:http";
import { createNodeHandler, type Webhooks } from "@heron-webhooks/core";
import { createTestDelivery, type TestDelivery } from "@heron-webhooks/core/testing";
import { expect, onTestFinished } from "vitest";
import { listenOnLoopback, type RunningServer } from "../../conformance/src/index.js";

export const SECRET = "whsec_inbox_test_secret";
export const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

/** `now` moves only when the test says; timers are real, so short real polls pick up due work. */
export function manualClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    advance(ms: number) {
      now += ms;
    },
  };
}

/** Serves `webhooks` until the test has finished (after its afterEach hooks). */
export async function serve(webhooks: Webhooks): Promise<RunningServer> {
  const server = await listenOnLoopback(createServer(createNodeHandler(webhooks)));
  onTestFinished(() => server.close());
  return server;
}

export interface Answer {
  status: number;
  text: string;
}

export async function post(
  server: RunningServer,
  delivery: { body: string; headers: Record<string, string> },
): Promise<Answer> {
  const response = await fetch(`${server.url}/webhooks/heron`, {
    method: "POST",
    headers: delivery.headers,
    body: delivery.body,
  });
  return { status: response.status, text: await response.text() };
}

export function delivery(
  topic = "end_user.processed",
  data: Record<string, unknown> = { heron_id: `eus_${Math.random().toString(36).slice(2)}` },
  created = new Date(T0).toISOString(),
): Promise<TestDelivery> {
  return createTestDelivery({ topic, secret: SECRET, data: data as never, created });
}

/** Retries `check` until it passes or `timeoutMs` (real time) ends, then fails with its error. */
export async function eventually(check: () => unknown, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export async function statusOf(webhooks: Webhooks, id: string): Promise<string | undefined> {
  return (await webhooks.inbox?.get(id))?.status;
}

export function expectOk(answer: Answer): void {
  expect(answer).toEqual({ status: 200, text: '{"ok":true}' });
}
