import { once } from "node:events";
import type { AddressInfo } from "node:net";
import type { HeronWebhookError, HeronWebhookEvent } from "@heron-webhooks/core";
import type Koa from "koa";
import Koa2 from "koa2";
import Koa3 from "koa3";

export const koaMajors: ReadonlyArray<readonly [string, typeof Koa]> = [
  ["koa 2", Koa2],
  ["koa 3", Koa3],
];

export interface Running {
  url: string;
  close: () => Promise<void>;
}

/** Serves `app` on 127.0.0.1 on a free port. */
export async function listen(app: Koa): Promise<Running> {
  const server = app.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
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
