import type { DeliveryStatus, StoredDelivery } from "@heron-webhooks/core/store";
import { FIELDS, PAD } from "./lua.js";

type Reply = Buffer | null;

const STATUSES: ReadonlySet<string> = new Set(["pending", "running", "done", "dead"]);

function text(value: Reply): string | null {
  return value === null ? null : value.toString("utf8");
}

function number(value: Reply): number | null {
  return value === null ? null : Number(value.toString("latin1"));
}

/** One delivery from a script's reply (FIELDS order), or undefined when the hash is gone. */
export function decodeDelivery(reply: unknown): StoredDelivery | undefined {
  const values = reply as Reply[];
  const field = (name: (typeof FIELDS)[number]): Reply => values[FIELDS.indexOf(name)] ?? null;
  const id = text(field("id"));
  if (id === null) return undefined;
  const status = text(field("status")) ?? "";
  if (!STATUSES.has(status)) throw new Error(`Inbox delivery ${id} has an unknown status`);
  return {
    id,
    key: text(field("key")) ?? "",
    topic: text(field("topic")) ?? "",
    // A plain Uint8Array copy, not a Buffer view over ioredis's reply.
    body: new Uint8Array(field("body") ?? []),
    signature: text(field("sig")) ?? "",
    receivedAt: number(field("recv")) ?? 0,
    status: status as DeliveryStatus,
    attempt: number(field("att")) ?? 0,
    runAt: number(field("runAt")) ?? 0,
    leaseOwner: text(field("owner")),
    leaseUntil: number(field("until")),
    doneHandlers: JSON.parse(text(field("done")) ?? "[]") as string[],
    lastError: text(field("err")),
    updatedAt: number(field("upd")) ?? 0,
  };
}

export function decodeDeliveries(reply: unknown): StoredDelivery[] {
  return (reply as unknown[]).flatMap((row) => decodeDelivery(row) ?? []);
}

/** The index member of a delivery: its zero-padded receivedAt, then its id. */
export function indexMember(receivedAt: number, id: string): string {
  return `${String(receivedAt).padStart(PAD, "0")}${id}`;
}

/** `receivedAt` out of an index member. */
export function receivedAtOfMember(member: string): number {
  return Number(member.slice(0, PAD));
}

const CURSOR = new RegExp(`^\\d{${PAD}}.+$`, "s");

/** A list() cursor is the last index member of the previous page; refuse anything else. */
export function parseCursor(cursor: string): string {
  if (!CURSOR.test(cursor)) {
    throw new TypeError("redisInbox: list() got a cursor that is not a nextCursor it returned");
  }
  return cursor;
}
