import { expect } from "vitest";
import { acceptAndClaim, ids, LEASE, MINUTE, mustGet, T0 } from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

export function settleRows(suite: StoreSuite): void {
  suite.row("settle-pending", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    const runAt = T0 + 5 * MINUTE;
    expect(
      await store.settle(first.id, "worker-a", {
        status: "pending",
        now: T0 + 1,
        runAt,
        error: "Error: upstream said 502",
      }),
    ).toBe(true);
    expect(await mustGet(store, first.id)).toMatchObject({
      status: "pending",
      attempt: 1,
      runAt,
      leaseOwner: null,
      leaseUntil: null,
      lastError: "Error: upstream said 502",
      updatedAt: T0 + 1,
    });
    const claim = (now: number) =>
      store.claim({ workerId: "worker-b", limit: 1, now, leaseMs: LEASE });
    expect(await claim(runAt - 1)).toEqual([]);
    const again = await claim(runAt);
    expect(ids(again)).toEqual([first.id]);
    expect(again[0]).toMatchObject({ attempt: 2, leaseOwner: "worker-b" });
  });

  suite.row("settle-done-dead", "done", async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    expect(await store.settle(first.id, "worker-a", { status: "done", now: T0 + 7 })).toBe(true);
    expect(await mustGet(store, first.id)).toMatchObject({
      status: "done",
      attempt: 1,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: T0 + 7,
    });
  });

  suite.row("settle-done-dead", "dead", async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    expect(
      await store.settle(first.id, "worker-a", {
        status: "dead",
        now: T0 + 7,
        error: "TypeError: x",
      }),
    ).toBe(true);
    expect(await mustGet(store, first.id)).toMatchObject({
      status: "dead",
      attempt: 1,
      leaseOwner: null,
      leaseUntil: null,
      lastError: "TypeError: x",
      updatedAt: T0 + 7,
    });
    expect(
      await store.claim({ workerId: "worker-b", limit: 1, now: T0 + 100 * LEASE, leaseMs: LEASE }),
    ).toEqual([]);
  });

  suite.row("settle-once", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    await store.settle(first.id, "worker-a", { status: "done", now: T0 + 1 });
    expect(
      await store.settle(first.id, "worker-a", { status: "dead", now: T0 + 2, error: "x" }),
    ).toBe(false);
    expect(await store.extendLease(first.id, "worker-a", T0 + LEASE)).toBe(false);
    expect(await store.recordHandlerDone(first.id, "worker-a", "late", T0 + 2)).toBe(false);
    expect(await mustGet(store, first.id)).toMatchObject({ status: "done", doneHandlers: [] });
    expect(await store.settle("no-such-delivery", "worker-a", { status: "done", now: T0 })).toBe(
      false,
    );
  });
}
