import { createServer, type RequestListener } from "node:http";
import { createNodeHandler } from "@heron-webhooks/core";
// A relative import: a package dependency on conformance (which peer-depends on core) would be a cycle.
import {
  describeConformance,
  listenOnLoopback,
  type RunningServer,
} from "../../conformance/src/index.js";

function listen(listener: RequestListener): Promise<RunningServer> {
  return listenOnLoopback(createServer(listener));
}

describeConformance({
  name: "core createNodeHandler on node:http",
  start: async ({ webhooks, path }) => listen(createNodeHandler(webhooks, { path })),
  // A listener that reads the whole body first, as a body parser mounted before the handler would.
  startWithBodyConsumed: async ({ webhooks, path }) => {
    const handler = createNodeHandler(webhooks, { path });
    return listen((req, res) => {
      req.on("end", () => void handler(req, res));
      req.resume();
    });
  },
});
