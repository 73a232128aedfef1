import { describeStoreConformance } from "@heron-webhooks/conformance";
import type { PoolClient } from "pg";
import { vi } from "vitest";
import {
  createTestInbox,
  describePostgres,
  openTestInbox,
  type TestInbox,
} from "./support/postgres.js";

// The model row makes a fresh store, so a fresh schema on the real server, for each of its 30 runs.
vi.setConfig({ testTimeout: 60_000 });

describePostgres("postgresInbox", () => {
  describeStoreConformance<TestInbox>({
    name: "postgres (pg 8)",
    async create() {
      const inbox = await createTestInbox();
      await inbox.pool.query("CREATE TABLE effects (value text NOT NULL)");
      return inbox;
    },
    // A restarted process: a new pool and a new store on the same tables (the original fixture drops them).
    async reopen({ schema }) {
      return openTestInbox(schema);
    },
    atomicWrites: {
      // The handler's own write, through the transaction's client, into the app's table.
      async write(extras, value) {
        await (extras.db as PoolClient).query("INSERT INTO effects (value) VALUES ($1)", [value]);
      },
      async read({ pool }) {
        return (await pool.query<{ value: string }>("SELECT value FROM effects")).rows.map(
          (row) => row.value,
        );
      },
    },
  });
});
