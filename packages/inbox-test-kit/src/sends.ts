// The deliveries of a multi-process test: unique valid ones spread over two receivers, byte-identical
// copies of some sent to the other receiver, and forged ones, all in a random order.
import { createTestDelivery } from "@heron-webhooks/core/testing";
import type { Send } from "./sender.js";

export interface SendPlan {
  readonly unique: number;
  readonly duplicates: number;
  readonly forged: number;
  readonly secret: string;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

async function delivery(secret: string, heronId: string, endUserId: string) {
  const { body, headers } = await createTestDelivery({
    topic: "end_user.processed",
    secret,
    data: { heron_id: heronId, end_user_id: endUserId, status: "processed" },
  });
  return { body, signature: headers["heron-signature"] as string };
}

export async function buildSends(plan: SendPlan): Promise<Send[]> {
  const sends: Send[] = [];
  for (let i = 0; i < plan.unique; i++) {
    const valid = await delivery(plan.secret, `eus_${i}`, `user-${i}`);
    sends.push({ receiver: i % 2, ...valid, expect: 200 });
  }
  for (const original of shuffle([...sends]).slice(0, plan.duplicates)) {
    sends.push({ ...original, receiver: 1 - original.receiver });
  }
  // The word "forged" is in each forged body, so a test can look for any that was stored.
  for (let i = 0; i < plan.forged; i++) {
    const forged = await delivery("whsec_not_the_secret", `eus_forged_${i}`, `forged-${i}`);
    sends.push({ receiver: i % 2, ...forged, expect: 401 });
  }
  return shuffle(sends);
}
