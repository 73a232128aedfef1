import type { HandlerContextExtras, InboxStore } from "@heron-webhooks/core/store";
import { expect } from "vitest";
import { acceptAndClaim, LEASE, mustGet, T0 } from "../deliveries.js";
import type { StoreFixture } from "../options.js";
import type { StoreSuite, StoreTest } from "../suite.js";

type RunAtomically = NonNullable<InboxStore["runHandlerAtomically"]>;

/** The store's runHandlerAtomically, or a skip when it has none. */
function atomicOf({ fixture, skip }: StoreTest): RunAtomically {
  const run = fixture.store.runHandlerAtomically;
  if (!run) {
    skip("the store has no runHandlerAtomically (optional)");
    throw new Error("unreachable: skipped");
  }
  return run.bind(fixture.store);
}

export function atomicRows(suite: StoreSuite): void {
  const writes = suite.options.atomicWrites;
  const write = async (extras: HandlerContextExtras, value: string) => {
    await writes?.write(extras, value);
  };
  const committed = async (fixture: StoreFixture) =>
    writes ? [...(await writes.read(fixture))] : [];

  suite.row("atomic-commit", undefined, async (t) => {
    const run = atomicOf(t);
    const { store } = t.fixture;
    const claimed = await acceptAndClaim(store, "worker-a");
    const ran = await run(claimed.id, "worker-a", "handler-1", T0 + 1, (extras) =>
      write(extras, "committed"),
    );
    expect(ran).toBe(true);
    expect((await mustGet(store, claimed.id)).doneHandlers).toEqual(["handler-1"]);
    if (writes) expect(await committed(t.fixture)).toEqual(["committed"]);
  });

  suite.row("atomic-rollback", undefined, async (t) => {
    const run = atomicOf(t);
    const { store } = t.fixture;
    const claimed = await acceptAndClaim(store, "worker-a");
    const failure = new Error("the handler failed");
    await expect(
      run(claimed.id, "worker-a", "handler-1", T0 + 1, async (extras) => {
        await write(extras, "rolled back");
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect((await mustGet(store, claimed.id)).doneHandlers).toEqual([]);
    if (writes) expect(await committed(t.fixture)).toEqual([]);
    // The lease is still the worker's: the failure is settled as usual.
    expect(await store.recordHandlerDone(claimed.id, "worker-a", "handler-2", T0 + 2)).toBe(true);
  });

  suite.row("atomic-lost-lease", undefined, async (t) => {
    const run = atomicOf(t);
    const { store } = t.fixture;
    const claimed = await acceptAndClaim(store, "worker-a");
    await store.claim({ workerId: "worker-b", limit: 1, now: T0 + LEASE, leaseMs: LEASE });
    const ran = await run(claimed.id, "worker-a", "handler-1", T0 + LEASE + 1, (extras) =>
      write(extras, "too late"),
    );
    expect(ran).toBe(false);
    expect(await mustGet(store, claimed.id)).toMatchObject({
      leaseOwner: "worker-b",
      doneHandlers: [],
    });
    if (writes) expect(await committed(t.fixture)).toEqual([]);
  });
}
