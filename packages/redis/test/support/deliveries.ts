import type { NewDelivery } from "@heron-webhooks/core/store";

let counter = 0;

/** A delivery as core would hand it to the store; `key` defaults to one of its own. */
export function newDelivery(overrides: Partial<NewDelivery> = {}): NewDelivery {
  counter += 1;
  return {
    id: `dlv_${String(counter).padStart(6, "0")}`,
    key: `key-${counter}`,
    topic: "end_user.processed",
    body: new TextEncoder().encode(`{"topic":"end_user.processed","n":${counter}}`),
    signature: "c2lnbmF0dXJl",
    receivedAt: 1_000_000,
    ...overrides,
  };
}
