import type { InboxStore } from "@heron-webhooks/core/store";
import { expect } from "vitest";
import {
  accept,
  acceptAndClaim,
  expectSameDelivery,
  ids,
  LEASE,
  mustGet,
  newDelivery,
  T0,
} from "../deliveries.js";
import type { StoreFixture } from "../options.js";
import type { StoreSuite } from "../suite.js";

const RECORDED = "after one of two handlers succeeded";

/** Where a worker can die mid-delivery, as the store sees it: what it did last before going silent. */
const CRASH_POINTS: Record<string, (store: InboxStore, id: string) => Promise<unknown>> = {
  "right after the claim": async () => {},
  "after extending its lease": (store, id) => store.extendLease(id, "worker-a", T0 + 2 * LEASE),
  [RECORDED]: (store, id) => store.recordHandlerDone(id, "worker-a", "handler-1", T0 + 1),
};

export function crashRows(suite: StoreSuite): void {
  for (const [point, lastAct] of Object.entries(CRASH_POINTS)) {
    suite.row("crash-points", point, async ({ fixture: { store } }) => {
      const first = await acceptAndClaim(store, "worker-a");
      await lastAct(store, first.id);
      // worker-a dies here. Nobody else may take the delivery until its lease ends...
      const leaseEnd = (await mustGet(store, first.id)).leaseUntil as number;
      const claim = (now: number) =>
        store.claim({ workerId: "worker-b", limit: 1, now, leaseMs: LEASE });
      expect(await claim(leaseEnd - 1)).toEqual([]);
      // ...then the next worker gets it with what worker-a recorded, and finishes it.
      const [again] = await claim(leaseEnd);
      expect(again).toMatchObject({ id: first.id, attempt: 2, leaseOwner: "worker-b" });
      expect(again?.doneHandlers).toEqual(point === RECORDED ? ["handler-1"] : []);
      expect(await store.recordHandlerDone(first.id, "worker-b", "handler-2", leaseEnd + 1)).toBe(
        true,
      );
      expect(await store.settle(first.id, "worker-b", { status: "done", now: leaseEnd + 2 })).toBe(
        true,
      );
      expect(await mustGet(store, first.id)).toMatchObject({ status: "done", attempt: 2 });
    });
  }

  suite.row("reopen", undefined, async ({ fixture, skip }) => {
    const { reopen } = suite.options;
    if (!reopen) return skip("no `reopen` given: the store keeps nothing across a restart");
    const { store } = fixture;
    const pending = newDelivery({ receivedAt: T0 + 1 });
    await accept(store, pending);
    const running = await acceptAndClaim(store, "worker-a");
    await store.recordHandlerDone(running.id, "worker-a", "handler-1", T0 + 1);
    const done = await acceptAndClaim(store, "worker-a", { receivedAt: T0 - 1 });
    await store.settle(done.id, "worker-a", { status: "done", now: T0 });
    let reopened: StoreFixture | undefined;
    try {
      reopened = await reopen(fixture);
      const again = reopened.store;
      expectSameDelivery(await mustGet(again, pending.id), pending);
      expect(await mustGet(again, running.id)).toMatchObject({
        status: "running",
        leaseOwner: "worker-a",
        doneHandlers: ["handler-1"],
      });
      expect(await mustGet(again, done.id)).toMatchObject({ status: "done" });
      // Still one delivery per key, and the lease still runs out and is taken over.
      expect(await accept(again, newDelivery({ key: pending.key, receivedAt: T0 + 2 }))).toEqual({
        id: pending.id,
        duplicate: true,
      });
      const taken = await again.claim({
        workerId: "worker-b",
        limit: 5,
        now: T0 + LEASE,
        leaseMs: LEASE,
      });
      expect(new Set(ids(taken))).toEqual(new Set([pending.id, running.id]));
    } finally {
      if (reopened && reopened !== fixture) await reopened.close?.();
    }
  });
}
