// migrate(): nothing is created on first use, a missing table says what to do, and any number of
// processes may migrate at once.
import { isHeronWebhookError } from "@heron-webhooks/core";
import { postgresInbox } from "@heron-webhooks/postgres";
import type pg from "pg";
import { afterEach, beforeEach, expect, it } from "vitest";
import { newDelivery } from "./support/deliveries.js";
import { describePostgres, POSTGRES_URL, testPool, uniqueSchema } from "./support/postgres.js";

describePostgres("migrate()", () => {
  let pool: pg.Pool;
  let schema: string;
  beforeEach(() => {
    pool = testPool();
    schema = uniqueSchema();
  });
  afterEach(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  const tables = async () =>
    (
      await pool.query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name",
        [schema],
      )
    ).rows.map((row) => row.table_name);

  it("before migrate(), every operation rejects with INBOX_UNAVAILABLE naming migrate(), and nothing is created", async () => {
    const store = postgresInbox({ pool, schema });
    const attempts = await Promise.allSettled([
      store.accept(newDelivery(), { retainSince: 0 }),
      store.claim({ workerId: "w", limit: 1, now: 1, leaseMs: 1 }),
      store.stats(),
      store.list(),
    ]);
    for (const attempt of attempts) {
      const error = attempt.status === "rejected" ? attempt.reason : undefined;
      expect(isHeronWebhookError(error) && error.code).toBe("INBOX_UNAVAILABLE");
      expect((error as Error).message).toContain("await inbox.migrate()");
      expect((error as Error).message).toContain(`"${schema}"."heron_inbox"`);
    }
    expect(await tables()).toEqual([]);
    await store.close();
  });

  it("creates the tables in the schema, and a second migrate() changes nothing", async () => {
    const store = postgresInbox({ pool, schema, table: "deliveries" });
    await store.migrate();
    expect(await tables()).toEqual(["deliveries", "deliveries_migrations"]);
    const { id } = await store.accept(newDelivery({ key: "k" }), { retainSince: 0 });
    await store.migrate();
    expect(await store.get(id)).toMatchObject({ key: "k", status: "pending" });
    const versions = await pool.query(`SELECT version FROM "${schema}".deliveries_migrations`);
    expect(versions.rows).toEqual([{ version: 1 }]);
    await store.close();
  });

  it("six processes' stores migrating one schema at once all succeed", async () => {
    const pools = Array.from({ length: 6 }, () => testPool(undefined, 2));
    try {
      const stores = pools.map((each) => postgresInbox({ pool: each, schema }));
      await Promise.all(stores.map((store) => store.migrate()));
      expect(await tables()).toEqual(["heron_inbox", "heron_inbox_migrations"]);
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await Promise.all(pools.map((each) => each.end()));
    }
  });

  it("with a connection string, the store opens its own pool and close() ends it; an app's pool is left open", async () => {
    const owned = postgresInbox({ connectionString: POSTGRES_URL, schema });
    await owned.migrate();
    await owned.close();
    await expect(owned.stats()).rejects.toThrow(/after calling end/);

    const borrowed = postgresInbox({ pool, schema });
    expect((await borrowed.stats()).counts.pending).toBe(0);
    await borrowed.close();
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });
});

it.each([
  [{}, /pass `pool`/],
  [{ connectionString: "" }, /pass `pool`/],
  [{ connectionString: POSTGRES_URL, pool: {} as pg.Pool }, /not both/],
  [{ connectionString: POSTGRES_URL, schema: "my-schema" }, /`schema` must be/],
  [{ connectionString: POSTGRES_URL, table: 'x"; DROP TABLE y; --' }, /`table` must be/],
  [{ connectionString: POSTGRES_URL, table: "t".repeat(60) }, /at most 52 characters/],
])("postgresInbox(%o) is refused with INVALID_CONFIG", (options, message) => {
  let thrown: unknown;
  try {
    postgresInbox(options);
  } catch (error) {
    thrown = error;
  }
  expect(isHeronWebhookError(thrown) && thrown.code).toBe("INVALID_CONFIG");
  expect((thrown as Error).message).toMatch(message);
});
