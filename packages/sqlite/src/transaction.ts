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

/**
 * Group commit: the writes queued in one turn of the event loop (the accepts of every request that
 * arrived together) run in one transaction, and each resolves once it committed. A commit writes
 * every page it changed to the WAL, so sharing one between many deliveries costs each far less. If
 * the transaction fails, every write in it rejects: none of them was stored.
 */
export function createGroupCommit<T>(db: SqliteDatabase, committed: (results: T[]) => void) {
  let queue: { write: () => T; resolve: (value: T) => void; reject: (error: unknown) => void }[] =
    [];
  function flush(): void {
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    let results: T[];
    try {
      results = immediate(db, () => batch.map((item) => item.write()));
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    for (const [i, item] of batch.entries()) item.resolve(results[i] as T);
    committed(results);
  }
  return {
    add(write: () => T): Promise<T> {
      return new Promise((resolve, reject) => {
        if (queue.push({ write, resolve, reject }) === 1) setImmediate(flush);
      });
    },
    flush,
  };
}
