// Whether this runtime has node:sqlite. Vitest runs on Node 20, which has not: there the store's
// tests are skipped and newer-nodes.test.ts runs them under Node 22, 24 and 26 instead.
export const hasNodeSqlite = Boolean(process.getBuiltinModule?.("node:sqlite"));

/** Shown on the skipped tests under a Node without node:sqlite. */
export const NEEDS_NODE_SQLITE = "needs node:sqlite; run by newer-nodes.test.ts on Node 22, 24, 26";
