import { HeronWebhookError } from "../errors.js";
import type { HandlerContextExtras, StoredDelivery } from "./store.js";

/**
 * What a handler gets beside the event when it runs from the inbox. `id` (or `key`) is the
 * user's own idempotency key: the same delivery keeps it across every retry and replay.
 */
export interface DeliveryContext {
  /** The stored delivery's id, the same on every attempt. */
  readonly id: string;
  /** What makes two deliveries one: by default the SHA-256 (hex) of the raw body. */
  readonly key: string;
  /** 1 on the first run, one higher on each retry. */
  readonly attempt: number;
  /** When the delivery was accepted. */
  readonly receivedAt: Date;
  /** Anything the store adds, e.g. `db` for the transaction of `runHandlerAtomically`. */
  readonly [extra: string]: unknown;
}

export function contextOf(
  delivery: StoredDelivery,
  extras?: HandlerContextExtras,
): DeliveryContext {
  return {
    ...extras,
    id: delivery.id,
    key: delivery.key,
    attempt: delivery.attempt,
    receivedAt: new Date(delivery.receivedAt),
  };
}

function withoutInbox(field: string): never {
  throw new HeronWebhookError(
    "INVALID_CONFIG",
    `\`delivery.${field}\` exists only when handlers run from an inbox: pass \`inbox\` to createWebhooks and start a worker.`,
  );
}

/**
 * What a handler gets without an inbox: one shared object (so the request path pays nothing), on
 * which `attempt` is 1 and the inbox's fields throw rather than give a made-up id that two
 * deliveries could share.
 */
export const NO_INBOX_CONTEXT: DeliveryContext = Object.freeze({
  attempt: 1,
  get id(): string {
    return withoutInbox("id");
  },
  get key(): string {
    return withoutInbox("key");
  },
  get receivedAt(): Date {
    return withoutInbox("receivedAt");
  },
});
