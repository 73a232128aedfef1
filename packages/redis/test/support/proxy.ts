// A TCP proxy on loopback in front of the test Redis, so a test can take "Redis" away and bring it
// back without disturbing anyone else's tests on the shared server.
import { connect, createServer, type Server, type Socket } from "node:net";
import { redisUrl } from "./redis.js";

export interface RedisProxy {
  /** A redis:// URL through the proxy. */
  readonly url: string;
  /** Drops every connection and refuses new ones, as a Redis that went down. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startRedisProxy(): Promise<RedisProxy> {
  const target = new URL(redisUrl);
  const sockets = new Set<Socket>();
  let port = 0;
  let server: Server | undefined;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const next = createServer((client) => {
        const upstream = connect(Number(target.port || 6379), target.hostname);
        track(client);
        track(upstream);
        client.on("close", () => upstream.destroy());
        upstream.on("close", () => client.destroy());
        client.pipe(upstream).pipe(client);
      });
      next.once("error", reject);
      next.listen(port, "127.0.0.1", () => {
        const address = next.address();
        if (address && typeof address === "object") port = address.port;
        server = next;
        resolve();
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (!current) return resolve();
      current.close(() => resolve());
    });

  await listen();
  const auth = target.password ? `${target.username}:${target.password}@` : "";
  return {
    url: `redis://${auth}127.0.0.1:${port}${target.pathname}`,
    cut: stop,
    restore: listen,
    close: stop,
  };
}
