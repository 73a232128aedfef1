import { expect } from "vitest";
import {
  accept,
  acceptAndClaim,
  ids,
  LEASE,
  mustGet,
  newDelivery,
  SECOND,
  T0,
} from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

export function claimRows(suite: StoreSuite): void {
  suite.row("claim-due", undefined, async ({ fixture: { store } }) => {
    const due = newDelivery({ receivedAt: T0 });
    const future = newDelivery({ receivedAt: T0 + 10 * SECOND });
    await accept(store, due);
    await accept(store, future);
    const claimed = await store.claim({ workerId: "worker-a", limit: 10, now: T0, leaseMs: LEASE });
    expect(ids(claimed)).toEqual([due.id]);
    expect(claimed[0]).toMatchObject({
      status: "running",
      attempt: 1,
      leaseOwner: "worker-a",
      leaseUntil: T0 + LEASE,
    });
    expect(await mustGet(store, due.id)).toMatchObject({
      status: "running",
      attempt: 1,
      leaseOwner: "worker-a",
      leaseUntil: T0 + LEASE,
    });
    expect(await mustGet(store, future.id)).toMatchObject({ status: "pending", attempt: 0 });
    const later = await store.claim({
      workerId: "worker-b",
      limit: 10,
      now: T0 + 10 * SECOND,
      leaseMs: LEASE,
    });
    expect(ids(later)).toEqual([future.id]);
  });

  suite.row("claim-order-limit", undefined, async ({ fixture: { store } }) => {
    // Accepted in an order unlike their runAt order, so insertion order cannot pass for runAt order.
    const offsets = [5, 1, 4, 2, 3];
    const deliveries = offsets.map((offset) => newDelivery({ receivedAt: T0 + offset * SECOND }));
    for (const delivery of deliveries) await accept(store, delivery);
    const byRunAt = [...deliveries].sort((a, b) => a.receivedAt - b.receivedAt).map((d) => d.id);
    const now = T0 + 10 * SECOND;
    const first = await store.claim({ workerId: "worker-a", limit: 2, now, leaseMs: LEASE });
    expect(ids(first)).toEqual(byRunAt.slice(0, 2));
    const rest = await store.claim({ workerId: "worker-a", limit: 10, now, leaseMs: LEASE });
    expect(ids(rest)).toEqual(byRunAt.slice(2));
    expect(await store.claim({ workerId: "worker-a", limit: 10, now, leaseMs: LEASE })).toEqual([]);
  });

  suite.row("claim-held", undefined, async ({ fixture: { store } }) => {
    const running = await acceptAndClaim(store, "worker-a");
    const done = await acceptAndClaim(store, "worker-a");
    await store.settle(done.id, "worker-a", { status: "done", now: T0 });
    const dead = await acceptAndClaim(store, "worker-a");
    await store.settle(dead.id, "worker-a", { status: "dead", now: T0, error: "gave up" });
    const claimed = await store.claim({
      workerId: "worker-b",
      limit: 10,
      now: T0 + LEASE - 1,
      leaseMs: LEASE,
    });
    expect(claimed).toEqual([]);
    expect(await mustGet(store, running.id)).toMatchObject({ leaseOwner: "worker-a", attempt: 1 });
  });

  suite.row(
    "claim-concurrent",
    "30 deliveries, 12 claims at once",
    async ({ fixture: { store } }) => {
      const deliveries = Array.from({ length: 30 }, (_, i) => newDelivery({ receivedAt: T0 + i }));
      for (const delivery of deliveries) await accept(store, delivery);
      const claims = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          store.claim({ workerId: `worker-${i}`, limit: 4, now: T0 + SECOND, leaseMs: LEASE }),
        ),
      );
      const claimed = claims.flatMap(ids);
      expect(new Set(claimed).size).toBe(claimed.length);
      expect(new Set(claimed)).toEqual(new Set(ids(deliveries)));
      // Each delivery is held by the worker whose claim returned it.
      for (const [i, batch] of claims.entries()) {
        for (const delivery of batch) {
          expect(await mustGet(store, delivery.id)).toMatchObject({ leaseOwner: `worker-${i}` });
        }
      }
    },
  );
}
