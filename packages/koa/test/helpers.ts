import { createServer } from "node:http";
import { listenOnLoopback, type RunningServer } from "@heron-webhooks/conformance";
import type { HeronWebhookError, HeronWebhookEvent } from "@heron-webhooks/core";
import type Koa from "koa";
import Koa2 from "koa2";
import Koa3 from "koa3";

export const koaMajors: ReadonlyArray<readonly [string, typeof Koa]> = [
  ["koa 2", Koa2],
  ["koa 3", Koa3],
];

export type { RunningServer };

/** Serves `app` on 127.0.0.1 on a free port. */
export function listen(app: Koa): Promise<RunningServer> {
  return listenOnLoopback(createServer(app.callback()));
}

/** What the webhook handlers saw, for assertions after the response. */
export function recorder() {
  const events: HeronWebhookEvent[] = [];
  const errors: HeronWebhookError[] = [];
  return {
    events,
    errors,
    options: {
      on: { "*": (event: HeronWebhookEvent) => void events.push(event) },
      onError: (error: HeronWebhookError) => void errors.push(error),
    },
  };
}

/** A body sent with Transfer-Encoding: chunked, without Content-Length. */
export function chunked(body: string | Uint8Array): ReadableStream<Uint8Array> {
  const bytes = typeof body === "string" ? new TextEncoder().encode(body) : body;
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 10));
      controller.enqueue(bytes.subarray(10));
      controller.close();
    },
  });
}
