import type { InboxNames } from "./identifiers.js";
import { DELIVERY_COLUMNS } from "./rows.js";

/** Every statement the store runs, built once per table. */
export function statements(names: InboxNames) {
  const t = names.deliveries;
  const clearLease = "lease_owner = NULL, lease_until = NULL";
  const held = "id = $1 AND status = 'running' AND lease_owner = $2";
  return {
    // Insert-if-absent decided by the unique key; a key received before the retention is replaced.
    accept: `INSERT INTO ${t} AS d (id, key, topic, body, signature, received_at, status, attempt, run_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $6, $6)
      ON CONFLICT (key) DO UPDATE SET
        id = EXCLUDED.id, topic = EXCLUDED.topic, body = EXCLUDED.body, signature = EXCLUDED.signature,
        received_at = EXCLUDED.received_at, status = 'pending', attempt = 0, run_at = EXCLUDED.run_at,
        ${clearLease}, done_handlers = '{}', last_error = NULL, updated_at = EXCLUDED.updated_at
      WHERE d.received_at < $7
      RETURNING id`,
    idByKey: `SELECT id FROM ${t} WHERE key = $1`,
    // SKIP LOCKED: concurrent claims pass over each other's rows instead of waiting or doubling up.
    claim: `WITH due AS (
        SELECT id FROM ${t}
        WHERE status IN ('pending', 'running')
          AND CASE status WHEN 'pending' THEN run_at <= $1 ELSE lease_until <= $1 END
        ORDER BY run_at, received_at, id
        LIMIT $2
        FOR UPDATE SKIP LOCKED
      )
      UPDATE ${t} AS d
      SET status = 'running', attempt = d.attempt + 1, lease_owner = $3, lease_until = $4, updated_at = $1
      FROM due WHERE d.id = due.id
      RETURNING ${DELIVERY_COLUMNS.split(", ")
        .map((column) => `d.${column}`)
        .join(", ")}`,
    extendLease: `UPDATE ${t} SET lease_until = $3 WHERE ${held}`,
    recordHandlerDone: `UPDATE ${t}
      SET done_handlers = CASE WHEN $3 = ANY (done_handlers) THEN done_handlers ELSE array_append(done_handlers, $3) END,
        updated_at = $4
      WHERE ${held}`,
    settleDone: `UPDATE ${t} SET status = 'done', ${clearLease}, updated_at = $3 WHERE ${held}`,
    settlePending: `UPDATE ${t} SET status = 'pending', ${clearLease}, run_at = $4, last_error = $5, updated_at = $3 WHERE ${held}`,
    settleDead: `UPDATE ${t} SET status = 'dead', ${clearLease}, last_error = $4, updated_at = $3 WHERE ${held}`,
    get: `SELECT ${DELIVERY_COLUMNS} FROM ${t} WHERE id = $1`,
    // A replayed delivery starts its schedule again; a done one runs every handler again.
    replay: `WITH replayed AS (
        UPDATE ${t}
        SET status = 'pending', attempt = 0, run_at = $2, ${clearLease}, updated_at = $2,
          done_handlers = CASE status WHEN 'done' THEN '{}' ELSE done_handlers END
        WHERE id = $1 AND status IN ('done', 'dead')
        RETURNING id
      )
      SELECT id, pg_notify($3, '') FROM replayed`,
    replayDead: `WITH replayed AS (
        UPDATE ${t}
        SET status = 'pending', attempt = 0, run_at = $1, ${clearLease}, updated_at = $1
        WHERE status = 'dead'
        RETURNING id
      )
      SELECT count(*)::integer AS count, CASE WHEN count(*) > 0 THEN pg_notify($2, '') END
      FROM replayed`,
    purge: `DELETE FROM ${t} WHERE status IN ('done', 'dead') AND received_at < $1`,
    stats: `SELECT
        count(*) FILTER (WHERE status = 'pending')::integer AS pending,
        count(*) FILTER (WHERE status = 'running')::integer AS running,
        count(*) FILTER (WHERE status = 'done')::integer AS done,
        count(*) FILTER (WHERE status = 'dead')::integer AS dead,
        min(received_at) FILTER (WHERE status IN ('pending', 'running')) AS oldest
      FROM ${t}`,
    list: (where: readonly string[], limitParam: string) =>
      `SELECT ${DELIVERY_COLUMNS} FROM ${t}
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY received_at DESC, id DESC
      LIMIT ${limitParam}`,
  };
}

export type Statements = ReturnType<typeof statements>;
