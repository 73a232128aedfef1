// The store contract every inbox passes, on a real Redis under each ioredis major: a fresh key
// prefix per test, deleted afterwards.
import { describeStoreConformance } from "@heron-webhooks/conformance";
import { redisInbox } from "@heron-webhooks/redis";
import type { Redis } from "ioredis";
import { describe } from "vitest";
import { deleteKeys, majors, redisAvailable, uniquePrefix } from "./support/redis.js";

// A Lua script cannot await the app's handler: Redis runs a script to its end before any other
// command, so there is no transaction a handler's own writes could join.
const NO_ATOMIC =
  "no runHandlerAtomically: Redis has no transaction that can stay open across an async handler";

for (const { name, connect } of majors) {
  describe.skipIf(!redisAvailable)(`redisInbox on ${name}`, () => {
    describeStoreConformance({
      name: `redisInbox (${name})`,
      create: () => {
        const client = connect();
        const prefix = uniquePrefix("conf");
        const store = redisInbox({ connection: client as unknown as Redis, prefix });
        return {
          store,
          close: async () => {
            await store.close();
            await deleteKeys(client, prefix);
            await client.quit();
          },
        };
      },
      skip: {
        "atomic-commit": NO_ATOMIC,
        "atomic-rollback": NO_ATOMIC,
        "atomic-lost-lease": NO_ATOMIC,
      },
    });
  });
}
