import { expect } from "vitest";
import { accept, newDelivery } from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

export function waitRows(suite: StoreSuite): void {
  suite.row("wait-for-work", undefined, async ({ fixture: { store }, skip }) => {
    const wait = store.waitForWork?.bind(store);
    if (!wait) return skip("the store has no waitForWork (optional): workers poll");

    // A short timeout resolves.
    await wait(20, new AbortController().signal);

    // An abort resolves, long before the timeout.
    const aborting = new AbortController();
    const aborted = wait(60_000, aborting.signal);
    aborting.abort();
    await aborted;

    // Already aborted resolves.
    await wait(60_000, AbortSignal.abort());

    // New work resolves it, long before the timeout. The race bounds the test, not the store.
    const cancel = new AbortController();
    const woken = wait(60_000, cancel.signal).then(() => "woken" as const);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await accept(store, newDelivery());
    const timeout = new Promise<"timeout">((resolve) =>
      setTimeout(() => resolve("timeout"), 5_000),
    );
    const outcome = await Promise.race([woken, timeout]);
    cancel.abort();
    expect(outcome).toBe("woken");
  });
}
