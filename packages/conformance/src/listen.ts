import type { AddressInfo } from "node:net";
import type { RunningServer } from "./options.js";

/** The slice of a `node:http` (or @hono/node-server) server that listening and closing need. */
export interface LoopbackServer {
  listen(port: number, host: string, callback: () => void): unknown;
  address(): AddressInfo | string | null;
  close(callback: () => void): unknown;
  closeAllConnections?(): void;
}

/**
 * Listens on 127.0.0.1 on a free port and gives what `start` returns: a conformance `start` for a
 * node:http-based adapter is `listenOnLoopback(createServer(app))`.
 */
export function listenOnLoopback(server: LoopbackServer): Promise<RunningServer> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            // Keep-alive sockets would hold close() open until they time out.
            server.closeAllConnections?.();
          }),
      });
    });
  });
}
