import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describeStoreConformance } from "@heron-webhooks/conformance";
import { sqliteInbox } from "@heron-webhooks/sqlite";
import { describe } from "vitest";
import { hasNodeSqlite, NEEDS_NODE_SQLITE } from "./support/runtime.js";

// node:sqlite is synchronous on one connection: a transaction held open across an async handler
// would hold the file's write lock for the handler's whole run, and every accept (in this process
// too, which would wait on itself) would time out into a 503.
const NO_ATOMIC =
  "no runHandlerAtomically: a SQLite transaction across an async handler would block every accept";

describe.skipIf(!hasNodeSqlite)(`sqliteInbox [${NEEDS_NODE_SQLITE}]`, () => {
  // Each test gets its own file, in WAL mode with the settings users get.
  describeStoreConformance({
    name: "sqliteInbox",
    create: () => {
      const dir = mkdtempSync(join(tmpdir(), "heron-sqlite-conformance-"));
      const store = sqliteInbox({ path: join(dir, "inbox.sqlite") });
      return {
        store,
        close: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
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
