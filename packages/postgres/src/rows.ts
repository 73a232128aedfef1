import type { DeliveryStatus, StoredDelivery } from "@heron-webhooks/core/store";

/** A row of the deliveries table as `pg` returns it (bigint comes back as a string). */
export interface DeliveryRow {
  id: string;
  key: string;
  topic: string;
  body: Buffer;
  signature: string;
  received_at: string;
  status: DeliveryStatus;
  attempt: number;
  run_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  done_handlers: string[];
  last_error: string | null;
  updated_at: string;
}

export const DELIVERY_COLUMNS =
  "id, key, topic, body, signature, received_at, status, attempt, run_at, lease_owner, lease_until, done_handlers, last_error, updated_at";

export function toStoredDelivery(row: DeliveryRow): StoredDelivery {
  return {
    id: row.id,
    key: row.key,
    topic: row.topic,
    // A copy: pg may decode small bytea values into a view of Node's shared buffer pool.
    body: new Uint8Array(row.body),
    signature: row.signature,
    receivedAt: Number(row.received_at),
    status: row.status,
    attempt: row.attempt,
    runAt: Number(row.run_at),
    leaseOwner: row.lease_owner,
    leaseUntil: row.lease_until === null ? null : Number(row.lease_until),
    doneHandlers: row.done_handlers,
    lastError: row.last_error,
    updatedAt: Number(row.updated_at),
  };
}

/** pg sends a Buffer as bytea; a plain Uint8Array is wrapped without copying. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes)
    ? bytes
    : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
