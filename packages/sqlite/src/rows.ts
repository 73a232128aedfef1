import { HeronWebhookError } from "@heron-webhooks/core";
import type { DeliveryStatus, StoredDelivery } from "@heron-webhooks/core/store";
import type { SqliteValue } from "./node-sqlite.js";

type Row = Record<string, SqliteValue>;

function nullableNumber(value: SqliteValue | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

export function toDelivery(row: Row): StoredDelivery {
  return {
    id: String(row.id),
    key: String(row.key),
    topic: String(row.topic),
    body: row.body as Uint8Array,
    signature: String(row.signature),
    receivedAt: Number(row.received_at),
    status: row.status as DeliveryStatus,
    attempt: Number(row.attempt),
    runAt: Number(row.run_at),
    leaseOwner: row.lease_owner === null ? null : String(row.lease_owner),
    leaseUntil: nullableNumber(row.lease_until),
    doneHandlers: JSON.parse(String(row.done_handlers)) as string[],
    lastError: row.last_error === null ? null : String(row.last_error),
    updatedAt: Number(row.updated_at),
  };
}

/** A page cursor: the position (receivedAt, id) of the last delivery of the page, opaque to users. */
export function encodeCursor(delivery: StoredDelivery): string {
  return Buffer.from(JSON.stringify([delivery.receivedAt, delivery.id])).toString("base64url");
}

export function decodeCursor(cursor: string): { receivedAt: number; id: string } {
  try {
    const [receivedAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Number.isSafeInteger(receivedAt) && typeof id === "string") return { receivedAt, id };
  } catch {
    // Reported below, as any other cursor this store did not make.
  }
  throw new HeronWebhookError(
    "INVALID_CONFIG",
    "list: `cursor` must be the `nextCursor` of a page this inbox returned.",
  );
}
