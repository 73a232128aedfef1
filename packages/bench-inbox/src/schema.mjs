// The hand-written route's table: the columns and indexes a user storing the same things would need
// (the key unique, what is due, the time received), as in @heron-webhooks/sqlite.
export const HAND_WRITTEN_SCHEMA = `
CREATE TABLE IF NOT EXISTS inbox (
  id TEXT PRIMARY KEY NOT NULL, key TEXT NOT NULL UNIQUE, topic TEXT NOT NULL, body BLOB NOT NULL,
  signature TEXT NOT NULL, received_at INTEGER NOT NULL, status TEXT NOT NULL, attempt INTEGER NOT NULL,
  run_at INTEGER NOT NULL, lease_owner TEXT, lease_until INTEGER, done_handlers TEXT NOT NULL,
  last_error TEXT, updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS inbox_due ON inbox (status, run_at);
CREATE INDEX IF NOT EXISTS inbox_received ON inbox (received_at, id);
`;
