import { randomUUID } from "node:crypto";
import type { InboxStore, NewDelivery, StoredDelivery } from "@heron-webhooks/core/store";
import { expect } from "vitest";

/** The suite's clock starts here; every time a store sees comes from the test. */
export const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const DAY = 24 * 60 * MINUTE;
export const RETENTION = 7 * DAY;
export const LEASE = 30 * SECOND;

const encoder = new TextEncoder();

/** A delivery with a fresh id and key; override any field. */
export function newDelivery(overrides: Partial<NewDelivery> = {}): NewDelivery {
  const id = randomUUID();
  const topic = overrides.topic ?? "end_user.processed";
  return {
    id,
    key: `key-${id}`,
    topic,
    body: encoder.encode(
      `{"topic":"${topic}","created":"2026-01-01T12:00:00+00:00","data":{"heron_id":"eus_${id}"}}`,
    ),
    signature: "3q2+7w8J5kR0x2c1bW9vZ2V0aGVyLXNpZ25hdHVyZT0=",
    receivedAt: T0,
    ...overrides,
  };
}

/** Accepts with the default seven-day retention measured from the delivery's own receivedAt. */
export function accept(store: InboxStore, delivery: NewDelivery) {
  return store.accept(delivery, { retainSince: delivery.receivedAt - RETENTION });
}

/** Accepts a fresh delivery and claims it as `workerId` at its receivedAt. */
export async function acceptAndClaim(
  store: InboxStore,
  workerId = "worker-a",
  overrides: Partial<NewDelivery> = {},
  leaseMs = LEASE,
): Promise<StoredDelivery> {
  const delivery = newDelivery(overrides);
  await accept(store, delivery);
  const claimed = await store.claim({ workerId, limit: 1, now: delivery.receivedAt, leaseMs });
  expect(claimed.map((d) => d.id)).toEqual([delivery.id]);
  return claimed[0] as StoredDelivery;
}

export async function mustGet(store: InboxStore, id: string): Promise<StoredDelivery> {
  const stored = await store.get(id);
  expect(stored, `delivery ${id} is stored`).toBeDefined();
  return stored as StoredDelivery;
}

/** The delivery as given, and the fields of a stored delivery that only depend on it. */
export function expectSameDelivery(stored: StoredDelivery, delivery: NewDelivery): void {
  expect({
    id: stored.id,
    key: stored.key,
    topic: stored.topic,
    signature: stored.signature,
    receivedAt: stored.receivedAt,
  }).toEqual({
    id: delivery.id,
    key: delivery.key,
    topic: delivery.topic,
    signature: delivery.signature,
    receivedAt: delivery.receivedAt,
  });
  expectBytes(stored.body, delivery.body);
}

export function expectBytes(actual: Uint8Array, expected: Uint8Array): void {
  expect(actual).toBeInstanceOf(Uint8Array);
  expect(Buffer.from(actual).equals(Buffer.from(expected))).toBe(true);
}

/** Ids in claim order. */
export const ids = (deliveries: readonly { id: string }[]) => deliveries.map((d) => d.id);
