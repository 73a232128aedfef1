// The real PostgreSQL the store tests run on: HERON_TEST_POSTGRES_URL, or the machine's own server.
// Each store gets its own schema (dropped afterwards), so runs and engineers never share tables.
import { randomBytes } from "node:crypto";
import {
  type PostgresInbox,
  type PostgresInboxOptions,
  postgresInbox,
} from "@heron-webhooks/postgres";
import pg from "pg";
import { describe } from "vitest";

export const POSTGRES_URL =
  process.env.HERON_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";

async function unavailableReason(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return undefined;
  } catch (error) {
    return `no PostgreSQL at HERON_TEST_POSTGRES_URL (${redact(POSTGRES_URL)}): ${(error as Error).message}`;
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

const unavailable = await unavailableReason();
if (unavailable) {
  if (process.env.CI === "true") throw new Error(`CI needs PostgreSQL: ${unavailable}`);
  console.warn(`\n!!! SKIPPING the @heron-webhooks/postgres tests: ${unavailable}\n`);
}

/** `describe`, or a loud skip (an error in CI) when there is no server to test against. */
export const describePostgres: typeof describe = unavailable
  ? (describe.skip as typeof describe)
  : describe;

export function uniqueSchema(): string {
  return `heron_test_${process.pid}_${randomBytes(4).toString("hex")}`;
}

/** A pool whose unqualified names resolve in `schema` (where a test's own tables go). */
export function testPool(schema?: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: POSTGRES_URL,
    max,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  pool.on("error", () => {});
  return pool;
}

export interface TestInbox {
  readonly store: PostgresInbox;
  readonly pool: pg.Pool;
  readonly schema: string;
  close(): Promise<void>;
}

/** A store on the tables of `schema`, on its own pool, as a process opens it; `close()` keeps the tables. */
export function openTestInbox(
  schema: string,
  options: Omit<PostgresInboxOptions, "pool" | "connectionString" | "schema"> = {},
): TestInbox {
  const pool = testPool(schema);
  const store = postgresInbox({ pool, schema, ...options });
  return {
    store,
    pool,
    schema,
    async close() {
      await store.close();
      await pool.end();
    },
  };
}

/** A migrated store in a fresh schema, on its own pool; `close()` drops the schema. */
export async function createTestInbox(
  options: Omit<PostgresInboxOptions, "pool" | "connectionString" | "schema"> = {},
): Promise<TestInbox> {
  const inbox = openTestInbox(uniqueSchema(), options);
  await inbox.store.migrate();
  return {
    ...inbox,
    async close() {
      await inbox.store.close();
      await inbox.pool.query(`DROP SCHEMA IF EXISTS "${inbox.schema}" CASCADE`);
      await inbox.pool.end();
    },
  };
}
