import { expect } from "vitest";
import { acceptAndClaim, ids, LEASE, mustGet, SECOND, T0 } from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

export function leaseRows(suite: StoreSuite): void {
  suite.row("lease-expiry", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    await store.recordHandlerDone(first.id, "worker-a", "handler-1", T0 + 1);
    const end = T0 + LEASE;
    expect(
      await store.claim({ workerId: "worker-b", limit: 5, now: end - 1, leaseMs: LEASE }),
    ).toEqual([]);
    const reclaimed = await store.claim({
      workerId: "worker-b",
      limit: 5,
      now: end,
      leaseMs: LEASE,
    });
    expect(ids(reclaimed)).toEqual([first.id]);
    expect(reclaimed[0]).toMatchObject({
      status: "running",
      attempt: 2,
      leaseOwner: "worker-b",
      leaseUntil: end + LEASE,
      doneHandlers: ["handler-1"],
    });

    // The worker that lost the lease can change nothing.
    expect(await store.extendLease(first.id, "worker-a", end + 10 * LEASE)).toBe(false);
    expect(await store.recordHandlerDone(first.id, "worker-a", "handler-2", end + 1)).toBe(false);
    expect(await store.settle(first.id, "worker-a", { status: "done", now: end + 1 })).toBe(false);
    expect(
      await store.settle(first.id, "worker-a", { status: "dead", now: end + 1, error: "x" }),
    ).toBe(false);
    expect(
      await store.settle(first.id, "worker-a", {
        status: "pending",
        now: end + 1,
        runAt: end + 2,
        error: "x",
      }),
    ).toBe(false);
    expect(await mustGet(store, first.id)).toMatchObject({
      status: "running",
      attempt: 2,
      leaseOwner: "worker-b",
      leaseUntil: end + LEASE,
      doneHandlers: ["handler-1"],
      lastError: null,
    });
    // The new holder can.
    expect(await store.settle(first.id, "worker-b", { status: "done", now: end + 2 })).toBe(true);
  });

  suite.row("lease-extend", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    expect(await store.extendLease(first.id, "worker-a", T0 + 3 * LEASE)).toBe(true);
    expect(await mustGet(store, first.id)).toMatchObject({ leaseUntil: T0 + 3 * LEASE });
    expect(
      await store.claim({ workerId: "worker-b", limit: 1, now: T0 + 2 * LEASE, leaseMs: LEASE }),
    ).toEqual([]);
    const taken = await store.claim({
      workerId: "worker-b",
      limit: 1,
      now: T0 + 3 * LEASE,
      leaseMs: LEASE,
    });
    expect(ids(taken)).toEqual([first.id]);
    expect(await store.extendLease("no-such-delivery", "worker-a", T0 + 9 * LEASE)).toBe(false);
  });

  suite.row("lease-ended-unclaimed", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    const late = T0 + LEASE + 5 * SECOND;
    expect(await store.extendLease(first.id, "worker-a", late + LEASE)).toBe(true);
    expect(await store.recordHandlerDone(first.id, "worker-a", "handler-1", late)).toBe(true);
    expect(await store.settle(first.id, "worker-a", { status: "done", now: late })).toBe(true);
    expect(await mustGet(store, first.id)).toMatchObject({
      status: "done",
      doneHandlers: ["handler-1"],
    });
  });

  suite.row("handlers-recorded", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    expect(await store.recordHandlerDone(first.id, "worker-a", "handler-1", T0 + 1)).toBe(true);
    expect(await store.recordHandlerDone(first.id, "worker-a", "handler-1", T0 + 2)).toBe(true);
    expect(await store.recordHandlerDone(first.id, "worker-a", "handler-2", T0 + 3)).toBe(true);
    expect(await store.recordHandlerDone(first.id, "worker-b", "handler-3", T0 + 4)).toBe(false);
    expect(await store.recordHandlerDone("no-such-delivery", "worker-a", "h", T0)).toBe(false);
    const stored = await mustGet(store, first.id);
    expect([...stored.doneHandlers].sort()).toEqual(["handler-1", "handler-2"]);

    await store.settle(first.id, "worker-a", {
      status: "pending",
      now: T0 + 5,
      runAt: T0 + 10,
      error: "handler-3 failed",
    });
    const [retry] = await store.claim({
      workerId: "worker-b",
      limit: 1,
      now: T0 + 10,
      leaseMs: LEASE,
    });
    expect(retry?.attempt).toBe(2);
    expect([...(retry?.doneHandlers ?? [])].sort()).toEqual(["handler-1", "handler-2"]);
    expect(await store.recordHandlerDone(first.id, "worker-b", "handler-3", T0 + 11)).toBe(true);
    expect([...(await mustGet(store, first.id)).doneHandlers].sort()).toEqual([
      "handler-1",
      "handler-2",
      "handler-3",
    ]);
  });
}
