import type { Pool } from "pg";

export interface PostgresInboxOptions {
  /**
   * The app's own `pg.Pool`: the store borrows connections and never ends it. Give it an `error`
   * listener (`pool.on("error", …)`), as `pg` asks, so a database restart cannot crash the process.
   */
  pool?: Pool;
  /** Or a connection string: the store opens its own pool, and `close()` ends it. */
  connectionString?: string;
  /** Schema of the tables. Default `public`. */
  schema?: string;
  /** Name of the deliveries table (`<table>_migrations` holds its schema version). Default `heron_inbox`. */
  table?: string;
}

export const DEFAULT_SCHEMA = "public";
export const DEFAULT_TABLE = "heron_inbox";
