import { createServer } from "node:http";

/** Serves a node:http request listener on 127.0.0.1 and resolves to its port. */
export function listen(listener) {
  const server = createServer(listener);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve(server.address().port));
  });
}
