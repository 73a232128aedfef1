import { HeronWebhookError } from "@heron-webhooks/core";

export interface SqliteInboxOptions {
  /**
   * The database file, created with its table when missing. Several processes on one machine may
   * share it (not over a network file system: SQLite's WAL needs shared memory).
   */
  path: string;
  /**
   * `"normal"` (default): a delivery answered 200 survives the process being killed at any point;
   * a power loss or OS crash may lose the last commits (never corrupt the file). `"full"`: every
   * commit is also flushed to the disk, so it survives a power loss too, at the cost of one fsync
   * per delivery.
   */
  synchronous?: "normal" | "full";
  /** How long a write waits while another process holds the file's write lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

export interface ResolvedSqliteInboxOptions {
  readonly path: string;
  readonly synchronous: "NORMAL" | "FULL";
  readonly busyTimeoutMs: number;
}

function invalid(message: string): HeronWebhookError {
  return new HeronWebhookError("INVALID_CONFIG", `sqliteInbox: ${message}`);
}

export function resolveOptions(options: SqliteInboxOptions): ResolvedSqliteInboxOptions {
  if (typeof options !== "object" || options === null) {
    throw invalid('pass options, e.g. sqliteInbox({ path: "heron-inbox.sqlite" }).');
  }
  const { path, synchronous = "normal", busyTimeoutMs = 5000 } = options;
  if (typeof path !== "string" || path.trim() === "") {
    throw invalid('`path` must be the database file, e.g. "heron-inbox.sqlite".');
  }
  if (synchronous !== "normal" && synchronous !== "full") {
    throw invalid('`synchronous` must be "normal" or "full".');
  }
  if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) {
    throw invalid("`busyTimeoutMs` must be a whole number of milliseconds, 0 or more.");
  }
  return { path, synchronous: synchronous === "full" ? "FULL" : "NORMAL", busyTimeoutMs };
}
