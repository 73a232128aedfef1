import { listenOnLoopback, type RunningServer } from "@heron-webhooks/conformance";
import { createAdaptorServer } from "@hono/node-server";
import type { Hono } from "hono";

export type { RunningServer };

/** A Hono app on @hono/node-server, on 127.0.0.1 and a free port. */
export function startHono(app: Pick<Hono, "fetch">): Promise<RunningServer> {
  return listenOnLoopback(createAdaptorServer({ fetch: app.fetch }));
}
