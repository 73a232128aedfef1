import type { InboxNames } from "./identifiers.js";

/**
 * Each step upgrades the tables by one version; a released step never changes (add a new one).
 * Times are bigint milliseconds from core's clock, never the server's.
 */
export function migrationSteps(names: InboxNames): readonly string[] {
  const t = names.deliveries;
  const index = (suffix: string) => names.quote(`${names.table}_${suffix}`);
  return [
    `CREATE TABLE ${t} (
      id text PRIMARY KEY,
      key text NOT NULL,
      topic text NOT NULL,
      body bytea NOT NULL,
      signature text NOT NULL,
      received_at bigint NOT NULL,
      status text NOT NULL CHECK (status IN ('pending', 'running', 'done', 'dead')),
      attempt integer NOT NULL DEFAULT 0,
      run_at bigint NOT NULL,
      lease_owner text,
      lease_until bigint,
      done_handlers text[] NOT NULL DEFAULT '{}',
      last_error text,
      updated_at bigint NOT NULL,
      CONSTRAINT ${index("key")} UNIQUE (key)
    );
    -- What a claim scans: only unfinished deliveries, in the order they are due.
    CREATE INDEX ${index("due")} ON ${t} (run_at, received_at, id) WHERE status IN ('pending', 'running');
    -- list() by status, stats() and purge().
    CREATE INDEX ${index("status")} ON ${t} (status, received_at, id);
    -- list() of everything, newest first.
    CREATE INDEX ${index("received")} ON ${t} (received_at, id);`,
  ];
}
