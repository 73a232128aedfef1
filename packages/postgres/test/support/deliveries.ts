import { randomUUID } from "node:crypto";
import type { NewDelivery } from "@heron-webhooks/core/store";

/** A delivery as core would hand it to the store; `key` defaults to a fresh one. */
export function newDelivery(overrides: Partial<NewDelivery> = {}): NewDelivery {
  const key = overrides.key ?? randomUUID();
  return {
    id: randomUUID(),
    key,
    topic: "end_user.processed",
    body: new TextEncoder().encode(`{"topic":"end_user.processed","key":"${key}"}`),
    signature: "c2lnbmF0dXJl",
    receivedAt: 1_000,
    ...overrides,
  };
}
