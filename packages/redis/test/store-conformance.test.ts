// The store contract every inbox passes, on a real Redis under each ioredis major: a fresh key
// prefix per test, deleted afterwards.
import { describeStoreConformance } from "@heron-webhooks/conformance";
import { redisInbox } from "@heron-webhooks/redis";
import type { Redis } from "ioredis";
import { describe, vi } from "vitest";
import { deleteKeys, majors, redisAvailable, uniquePrefix } from "./support/redis.js";

// A Lua script cannot await the app's handler: Redis runs a script to its end before any other
// command, so there is no transaction a handler's own writes could join.
const NO_ATOMIC =
  "no runHandlerAtomically: Redis has no transaction that can stay open across an async handler";

// The model row runs 30 random sequences against a real server: on a busy 2-core machine that can
// take longer than the default 20 s.
vi.setConfig({ testTimeout: 90_000 });

for (const { name, connect } of majors) {
  const open = (prefix: string) => {
    const client = connect();
    const store = redisInbox({ connection: client as unknown as Redis, prefix });
    let released = false;
    const release = async () => {
      released = true;
      await store.close();
      await client.quit();
    };
    return {
      store,
      prefix,
      release,
      // After reopen() released it, the reopened fixture owns (and deletes) the keys.
      close: async () => {
        if (released) return;
        await deleteKeys(client, prefix);
        await release();
      },
    };
  };
  describe.skipIf(!redisAvailable)(`redisInbox on ${name}`, () => {
    describeStoreConformance({
      name: `redisInbox (${name})`,
      create: () => open(uniquePrefix("conf")),
      // Everything is in Redis: a new client and inbox on the same prefix is a restarted process.
      reopen: async (fixture) => {
        await fixture.release();
        return open(fixture.prefix);
      },
      skip: {
        "atomic-commit": NO_ATOMIC,
        "atomic-rollback": NO_ATOMIC,
        "atomic-lost-lease": NO_ATOMIC,
      },
    });
  });
}
