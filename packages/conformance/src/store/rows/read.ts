import type { InboxStore, ListQuery, StoredDelivery } from "@heron-webhooks/core/store";
import { expect } from "vitest";
import {
  accept,
  acceptAndClaim,
  DAY,
  expectSameDelivery,
  ids,
  mustGet,
  newDelivery,
  SECOND,
  T0,
} from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

async function settled(store: InboxStore, status: "done" | "dead", receivedAt: number) {
  const claimed = await acceptAndClaim(store, "worker-a", { receivedAt });
  await store.settle(
    claimed.id,
    "worker-a",
    status === "done" ? { status, now: receivedAt } : { status, now: receivedAt, error: "x" },
  );
  return claimed;
}

async function listAll(store: InboxStore, query: ListQuery): Promise<StoredDelivery[]> {
  const all: StoredDelivery[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const result = await store.list({ ...query, cursor });
    expect(result.deliveries.length).toBeLessThanOrEqual(query.limit ?? 50);
    all.push(...result.deliveries);
    if (result.nextCursor === undefined) return all;
    cursor = result.nextCursor;
  }
  throw new Error("list never stopped giving a nextCursor");
}

/** Newest first: by receivedAt, then id, both descending. */
function newestFirst(deliveries: readonly { id: string; receivedAt: number }[]): string[] {
  return [...deliveries]
    .sort((a, b) => b.receivedAt - a.receivedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((d) => d.id);
}

export function readRows(suite: StoreSuite): void {
  suite.row("purge", undefined, async ({ fixture: { store } }) => {
    const cutoff = T0 + DAY;
    const oldDone = await settled(store, "done", T0);
    const oldDead = await settled(store, "dead", T0 + 1);
    const atCutoff = await settled(store, "done", cutoff);
    const newDone = await settled(store, "done", cutoff + 1);
    const oldRunning = await acceptAndClaim(store, "worker-b", { receivedAt: T0 - 10 });
    const newerPending = newDelivery({ receivedAt: T0 + 2 * DAY, key: "pending-key" });
    await accept(store, newerPending);
    const oldPendingEarly = newDelivery({ receivedAt: T0 - 5 });
    await accept(store, oldPendingEarly);

    expect(await store.purge({ olderThan: cutoff })).toBe(2);
    expect(await store.get(oldDone.id)).toBeUndefined();
    expect(await store.get(oldDead.id)).toBeUndefined();
    for (const kept of [atCutoff, newDone, oldRunning, newerPending, oldPendingEarly]) {
      expect(await store.get(kept.id)).toBeDefined();
    }
    expect(await store.purge({ olderThan: cutoff })).toBe(0);

    // A purged key is free: the same key is a new delivery again.
    const again = newDelivery({ key: oldDone.key, receivedAt: cutoff + 2 });
    expect(await accept(store, again)).toEqual({ id: again.id, duplicate: false });
  });

  suite.row("list-filters", undefined, async ({ fixture: { store } }) => {
    const c = await settled(store, "dead", T0 + 3);
    const d = await settled(store, "done", T0 + 4);
    const e = await acceptAndClaim(store, "worker-a", { topic: "pdf.failed", receivedAt: T0 + 5 });
    // Accepted last (so no claim above took them), received first.
    const a = newDelivery({ topic: "end_user.processed", receivedAt: T0 + 1 });
    const b = newDelivery({ topic: "pdf.failed", receivedAt: T0 + 2 });
    await accept(store, a);
    await accept(store, b);

    expect(ids((await store.list()).deliveries)).toEqual([e.id, d.id, c.id, b.id, a.id]);
    expect(ids((await store.list({ status: "pending" })).deliveries)).toEqual([b.id, a.id]);
    expect(ids((await store.list({ status: "running" })).deliveries)).toEqual([e.id]);
    expect(ids((await store.list({ status: "dead" })).deliveries)).toEqual([c.id]);
    expect(ids((await store.list({ status: "done" })).deliveries)).toEqual([d.id]);
    expect(ids((await store.list({ topic: "pdf.failed" })).deliveries)).toEqual([e.id, b.id]);
    expect(ids((await store.list({ topic: "pdf.failed", status: "pending" })).deliveries)).toEqual([
      b.id,
    ]);
    expect((await store.list({ topic: "no.such" })).deliveries).toEqual([]);
    expect((await store.list({ status: "pending" })).nextCursor).toBeUndefined();
    expectSameDelivery(
      (await store.list({ status: "pending" })).deliveries[1] as StoredDelivery,
      a,
    );
  });

  suite.row("list-paging", "23 deliveries, pages of 5, ties in receivedAt", async ({ fixture }) => {
    const { store } = fixture;
    // Three deliveries share each receivedAt, so paging must order by id within a time.
    const deliveries = Array.from({ length: 23 }, (_, i) =>
      newDelivery({
        receivedAt: T0 + Math.floor(i / 3) * SECOND,
        topic: i % 2 ? "pdf.failed" : "pdf.processed",
      }),
    );
    for (const delivery of deliveries) await accept(store, delivery);
    expect(ids(await listAll(store, { limit: 5 }))).toEqual(newestFirst(deliveries));
    expect(ids(await listAll(store, { limit: 1 }))).toEqual(newestFirst(deliveries));
    const pdfFailed = deliveries.filter((d) => d.topic === "pdf.failed");
    expect(ids(await listAll(store, { limit: 4, topic: "pdf.failed" }))).toEqual(
      newestFirst(pdfFailed),
    );
    const firstPage = await store.list({ limit: 5 });
    expect(firstPage.deliveries).toHaveLength(5);
    expect(firstPage.nextCursor).toEqual(expect.any(String));
  });

  suite.row("get", undefined, async ({ fixture: { store } }) => {
    const claimed = await acceptAndClaim(store, "worker-a");
    await store.recordHandlerDone(claimed.id, "worker-a", "handler-1", T0 + 1);
    await store.settle(claimed.id, "worker-a", {
      status: "pending",
      now: T0 + 2,
      runAt: T0 + 60 * SECOND,
      error: "Error: nope",
    });
    const stored = await mustGet(store, claimed.id);
    expect(stored).toMatchObject({
      id: claimed.id,
      key: claimed.key,
      topic: claimed.topic,
      signature: claimed.signature,
      receivedAt: claimed.receivedAt,
      status: "pending",
      attempt: 1,
      runAt: T0 + 60 * SECOND,
      leaseOwner: null,
      leaseUntil: null,
      doneHandlers: ["handler-1"],
      lastError: "Error: nope",
      updatedAt: T0 + 2,
    });
    expect(await store.get("no-such-delivery")).toBeUndefined();
  });

  suite.row("stats", undefined, async ({ fixture: { store } }) => {
    expect(await store.stats()).toEqual({
      counts: { pending: 0, running: 0, done: 0, dead: 0 },
      oldestUnfinishedReceivedAt: null,
    });
    await settled(store, "done", T0 - 100);
    await settled(store, "dead", T0 - 90);
    await acceptAndClaim(store, "worker-a", { receivedAt: T0 - 50 });
    await accept(store, newDelivery({ receivedAt: T0 - 10 }));
    await accept(store, newDelivery({ receivedAt: T0 }));
    expect(await store.stats()).toEqual({
      counts: { pending: 2, running: 1, done: 1, dead: 1 },
      oldestUnfinishedReceivedAt: T0 - 50,
    });
  });
}
