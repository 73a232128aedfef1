import { expect } from "vitest";
import { accept, acceptAndClaim, LEASE, mustGet, newDelivery, T0 } from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

const LATER = T0 + 3600_000;

export function replayRows(suite: StoreSuite): void {
  suite.row("replay-done", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    await store.recordHandlerDone(first.id, "worker-a", "handler-1", T0 + 1);
    await store.settle(first.id, "worker-a", { status: "done", now: T0 + 2 });
    expect(await store.replay(first.id, LATER)).toBe(true);
    expect(await mustGet(store, first.id)).toMatchObject({
      status: "pending",
      runAt: LATER,
      attempt: 0,
      doneHandlers: [],
      leaseOwner: null,
      leaseUntil: null,
    });
    const [again] = await store.claim({
      workerId: "worker-b",
      limit: 1,
      now: LATER,
      leaseMs: LEASE,
    });
    expect(again).toMatchObject({ id: first.id, attempt: 1, doneHandlers: [] });
  });

  suite.row("replay-dead", undefined, async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store, "worker-a");
    await store.recordHandlerDone(first.id, "worker-a", "handler-1", T0 + 1);
    await store.settle(first.id, "worker-a", { status: "dead", now: T0 + 2, error: "boom" });
    expect(await store.replay(first.id, LATER)).toBe(true);
    expect(await mustGet(store, first.id)).toMatchObject({
      status: "pending",
      runAt: LATER,
      attempt: 0,
      doneHandlers: ["handler-1"],
    });
    const [again] = await store.claim({
      workerId: "worker-b",
      limit: 1,
      now: LATER,
      leaseMs: LEASE,
    });
    expect(again).toMatchObject({ id: first.id, attempt: 1, doneHandlers: ["handler-1"] });
  });

  suite.row("replay-refused", undefined, async ({ fixture: { store } }) => {
    const pending = newDelivery();
    await accept(store, pending);
    const running = await acceptAndClaim(store, "worker-a", { receivedAt: T0 - 1 });
    const before = [await mustGet(store, pending.id), await mustGet(store, running.id)];
    expect(await store.replay(pending.id, LATER)).toBe(false);
    expect(await store.replay(running.id, LATER)).toBe(false);
    expect(await store.replay("no-such-delivery", LATER)).toBe(false);
    expect([await mustGet(store, pending.id), await mustGet(store, running.id)]).toEqual(before);
  });

  suite.row("replay-dead-all", undefined, async ({ fixture: { store } }) => {
    const dead = [];
    for (let i = 0; i < 3; i++) {
      const claimed = await acceptAndClaim(store, "worker-a");
      await store.settle(claimed.id, "worker-a", { status: "dead", now: T0 + 1, error: "x" });
      dead.push(claimed.id);
    }
    const done = await acceptAndClaim(store, "worker-a");
    await store.settle(done.id, "worker-a", { status: "done", now: T0 + 1 });
    const pending = newDelivery();
    await accept(store, pending);

    expect(await store.replayDead(LATER)).toBe(3);
    for (const id of dead) {
      expect(await mustGet(store, id)).toMatchObject({
        status: "pending",
        runAt: LATER,
        attempt: 0,
      });
    }
    expect(await mustGet(store, done.id)).toMatchObject({ status: "done" });
    expect(await mustGet(store, pending.id)).toMatchObject({ status: "pending", runAt: T0 });
    expect(await store.replayDead(LATER)).toBe(0);
  });
}
