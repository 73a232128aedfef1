import type { Pool } from "pg";
import type { InboxNames } from "./identifiers.js";
import { migrationSteps } from "./migrations.js";
import { inTransaction } from "./transaction.js";

/**
 * Creates or upgrades the store's tables in one transaction. A transaction-scoped advisory lock
 * makes concurrent migrations (two processes starting at once) run one after the other: the second
 * finds the work done. Resolves with the schema version now in place.
 */
export function migrate(pool: Pool, names: InboxNames): Promise<number> {
  const steps = migrationSteps(names);
  return inTransaction(pool, async (client) => {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [names.lockKey]);
    // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when it exists.
    const schema = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [
      names.schema,
    ]);
    if (schema.rowCount === 0) await client.query(`CREATE SCHEMA ${names.quote(names.schema)}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${names.migrations} (
        version integer PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`,
    );
    const applied = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${names.migrations}`,
    );
    const current = applied.rows[0]?.version ?? 0;
    // A newer package may have migrated further; its steps are its own, so nothing is undone here.
    for (let version = current + 1; version <= steps.length; version++) {
      await client.query(steps[version - 1] as string);
      await client.query(`INSERT INTO ${names.migrations} (version) VALUES ($1)`, [version]);
    }
    return { commit: true, value: Math.max(current, steps.length) };
  });
}
