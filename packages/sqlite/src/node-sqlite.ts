// The runtime's own SQLite, loaded when a store is created rather than imported, so that this package
// loads everywhere and a runtime without `node:sqlite` (Node 20) gets an error that says what to do.
import { HeronWebhookError } from "@heron-webhooks/core";

/** The part of `node:sqlite` this package uses (its types are not in @types/node 20). */
export interface SqliteStatement {
  run(...parameters: SqliteValue[]): { changes: number | bigint };
  get(...parameters: SqliteValue[]): Record<string, SqliteValue> | undefined;
  all(...parameters: SqliteValue[]): Record<string, SqliteValue>[];
}

export interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

export type SqliteValue = null | number | bigint | string | Uint8Array;

interface NodeSqlite {
  DatabaseSync: new (path: string) => SqliteDatabase;
}

export const NODE_SQLITE_MISSING =
  "@heron-webhooks/sqlite needs the runtime's own SQLite (node:sqlite): Node 22.13 or later (24 and 26 " +
  "are current), Deno 2.2+ or Bun 1.2+. This is Node %s. Upgrade Node (Node 20 is end of life since " +
  "April 2026), or use another inbox store such as @heron-webhooks/postgres.";

export function loadNodeSqlite(): NodeSqlite {
  // `getBuiltinModule` answers undefined for a module this runtime does not have (Node 20) or has
  // only behind a flag (Node 22.5 to 22.12); it is itself missing before Node 20.16.
  const sqlite = globalThis.process?.getBuiltinModule?.("node:sqlite") as NodeSqlite | undefined;
  if (!sqlite?.DatabaseSync) {
    const version = globalThis.process?.versions?.node ?? "unknown";
    throw new HeronWebhookError("INVALID_CONFIG", NODE_SQLITE_MISSING.replace("%s", version));
  }
  return sqlite;
}
