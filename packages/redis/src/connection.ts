import { Redis, type RedisOptions } from "ioredis";

/** The app's ioredis client (used as it is, never closed by the inbox), or how to make one. */
export type RedisConnection = Redis | RedisOptions | string;

// For a client the inbox makes itself: a command waits for one reconnect attempt, not ioredis's
// default twenty (seconds), so a receiver answers 503 at once while Redis is away and the sender
// retries later, rather than holding the request past the sender's own timeout.
const OWN_CLIENT_DEFAULTS: RedisOptions = { maxRetriesPerRequest: 1 };

function isClient(connection: RedisConnection): connection is Redis {
  return typeof (connection as Redis).callBuffer === "function";
}

function ownClient(connection: RedisOptions | string): Redis {
  const client =
    typeof connection === "string"
      ? new Redis(connection, OWN_CLIENT_DEFAULTS)
      : new Redis({ ...OWN_CLIENT_DEFAULTS, ...connection });
  // A lost connection shows as the rejected inbox calls (a 503, a worker backing off); without a
  // listener ioredis would also print every failed reconnect attempt.
  client.on("error", () => {});
  return client;
}

export function openConnection(connection: RedisConnection): { client: Redis; owned: boolean } {
  if (isClient(connection)) return { client: connection, owned: false };
  if (typeof connection !== "string" && (connection === null || typeof connection !== "object")) {
    throw new TypeError(
      "redisInbox: `connection` must be an ioredis client, ioredis options or a redis:// URL",
    );
  }
  return { client: ownClient(connection), owned: true };
}
