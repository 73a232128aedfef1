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

export function openConnection(connection: RedisConnection): { client: Redis; owned: boolean } {
  if (isClient(connection)) return { client: connection, owned: false };
  if (typeof connection === "string") {
    return { client: new Redis(connection, OWN_CLIENT_DEFAULTS), owned: true };
  }
  if (connection === null || typeof connection !== "object") {
    throw new TypeError(
      "redisInbox: `connection` must be an ioredis client, ioredis options or a redis:// URL",
    );
  }
  return { client: new Redis({ ...OWN_CLIENT_DEFAULTS, ...connection }), owned: true };
}
