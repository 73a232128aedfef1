import { createFetchHandler } from "@heron-webhooks/core";
import { createAdaptorServer } from "@hono/node-server";
// A relative import: a package dependency on conformance (which peer-depends on core) would be a cycle.
import {
  describeConformance,
  listenOnLoopback,
  type RunningServer,
} from "../../conformance/src/index.js";

/** Serves a fetch handler on node:http through @hono/node-server, as Hono apps on Node run. */
function serve(fetch: (request: Request) => Promise<Response>): Promise<RunningServer> {
  return listenOnLoopback(createAdaptorServer({ fetch }));
}

describeConformance({
  name: "core createFetchHandler on @hono/node-server",
  start: async ({ webhooks, path }) => serve(createFetchHandler(webhooks, { path })),
  // Reads the body first, as a validator or `await request.json()` before the handler would.
  startWithBodyConsumed: async ({ webhooks, path }) => {
    const handler = createFetchHandler(webhooks, { path });
    return serve(async (request) => {
      await request.arrayBuffer();
      return handler(request);
    });
  },
});
