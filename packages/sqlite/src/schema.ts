import type { SqliteDatabase } from "./node-sqlite.js";
import { loadNodeSqlite } from "./node-sqlite.js";
import type { ResolvedSqliteInboxOptions } from "./options.js";
import { immediate } from "./transaction.js";

const SCHEMA_VERSION = 1;

// One row per delivery. `done_handlers` is a JSON array of handler names. Indexes: the key (what a
// duplicate is), what is due in claim order (claim; it also covers stats) and the time received
// (list, purge); each index costs every accept a little, so there are no more.
const CREATE = `
CREATE TABLE IF NOT EXISTS heron_inbox (
  id TEXT PRIMARY KEY NOT NULL,
  key TEXT NOT NULL UNIQUE,
  topic TEXT NOT NULL,
  body BLOB NOT NULL,
  signature TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'done', 'dead')),
  attempt INTEGER NOT NULL,
  run_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  done_handlers TEXT NOT NULL,
  last_error TEXT,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS heron_inbox_due ON heron_inbox (status, run_at, received_at, id);
CREATE INDEX IF NOT EXISTS heron_inbox_received ON heron_inbox (received_at, id);
`;

/** Opens (and on first use creates) the inbox database with the settings DESIGN asks for. */
export function openDatabase(options: ResolvedSqliteInboxOptions): SqliteDatabase {
  const { DatabaseSync } = loadNodeSqlite();
  const db = new DatabaseSync(options.path);
  try {
    // First, so that every later statement (even switching to WAL) waits for other processes.
    db.exec(`PRAGMA busy_timeout = ${options.busyTimeoutMs}`);
    // WAL: a commit is an append to the -wal file, readers never block the writer, and processes on
    // one machine share the file. With synchronous=NORMAL the append is written (not fsynced) before
    // COMMIT returns, so it is in the OS page cache and survives the process dying; FULL also fsyncs.
    db.exec("PRAGMA journal_mode = WAL");
    db.exec(`PRAGMA synchronous = ${options.synchronous}`);
    const version = Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
    if (version > SCHEMA_VERSION) {
      throw new Error(
        `${options.path} was made by a newer @heron-webhooks/sqlite (schema ${version}); upgrade the package.`,
      );
    }
    if (version < SCHEMA_VERSION) {
      immediate(db, () => {
        db.exec(CREATE);
        db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      });
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
