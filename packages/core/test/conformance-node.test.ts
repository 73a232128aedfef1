import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler } from "@heron-webhooks/core";
// A relative import: a package dependency on conformance (which peer-depends on core) would be a cycle.
import { describeConformance, type RunningServer } from "../../conformance/src/index.js";

function listen(listener: RequestListener): Promise<RunningServer> {
  const server: Server = createServer(listener);
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
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
