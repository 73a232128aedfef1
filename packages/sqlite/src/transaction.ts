import type { SqliteDatabase } from "./node-sqlite.js";

/**
 * Runs `work` in a write transaction taken at once (BEGIN IMMEDIATE): it waits for another process's
 * write lock under busy_timeout, where a read transaction upgraded later would fail instead. `work`
 * is synchronous, so nothing else on this connection runs inside it.
 */
export function immediate<T>(db: SqliteDatabase, work: () => T): T {
  db.exec("BEGIN IMMEDIATE");
  let result: T;
  try {
    result = work();
    db.exec("COMMIT");
  } catch (error) {
    // A failed COMMIT (a full disk, say) leaves the transaction open: end it so the next one can begin.
    rollback(db);
    throw error;
  }
  return result;
}

function rollback(db: SqliteDatabase): void {
  try {
    db.exec("ROLLBACK");
  } catch {
    // Already rolled back by SQLite itself (it does so on some errors); nothing is left open.
  }
}
