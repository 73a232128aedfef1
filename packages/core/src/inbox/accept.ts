import { HeronWebhookError } from "../errors.js";
import type { HeronWebhookEvent } from "../topics.js";
import type { Clock } from "./clock.js";
import type { DeliveryKeyFunction } from "./key.js";
import type { AcceptResult, InboxStore } from "./store.js";

export interface AcceptInput {
  readonly event: HeronWebhookEvent;
  /** The raw body exactly as received. */
  readonly body: Uint8Array;
  readonly signature: string;
}

export interface Acceptor {
  /** Stores a verified delivery, or finds it already stored. Rejects with INBOX_UNAVAILABLE (503). */
  accept(input: AcceptInput): Promise<AcceptResult>;
}

export function createAcceptor(
  store: InboxStore,
  deliveryKey: DeliveryKeyFunction,
  retentionMs: number,
  clock: Clock,
): Acceptor {
  return {
    async accept({ event, body, signature }) {
      let key: string;
      try {
        key = await deliveryKey(event, body);
      } catch (cause) {
        // A 500, so Heron retries once the function is fixed; never a 400 that blames the sender.
        throw new HeronWebhookError("INVALID_CONFIG", "`deliveryKey` threw.", { cause });
      }
      if (typeof key !== "string" || key === "") {
        throw new HeronWebhookError(
          "INVALID_CONFIG",
          "`deliveryKey` must return a non-empty string.",
        );
      }
      const now = clock.now();
      try {
        return await store.accept(
          {
            id: crypto.randomUUID(),
            key,
            topic: event.topic,
            // A copy: the store keeps these bytes, and the caller's buffer may be reused.
            body: body.slice(),
            signature,
            receivedAt: now,
          },
          { retainSince: now - retentionMs },
        );
      } catch (cause) {
        // Never a 200 for something not stored: Heron retries a 503 later.
        throw new HeronWebhookError(
          "INBOX_UNAVAILABLE",
          "The inbox could not store the delivery; answered 503 so Heron retries it.",
          { cause },
        );
      }
    },
  };
}
