import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import {
  accept,
  acceptAndClaim,
  DAY,
  expectBytes,
  expectSameDelivery,
  LEASE,
  mustGet,
  newDelivery,
  RETENTION,
  T0,
} from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

export function acceptRows(suite: StoreSuite): void {
  suite.row("accept-new", undefined, async ({ fixture: { store } }) => {
    const delivery = newDelivery();
    expect(await accept(store, delivery)).toEqual({ id: delivery.id, duplicate: false });
    const stored = await mustGet(store, delivery.id);
    expectSameDelivery(stored, delivery);
    expect(stored).toMatchObject({
      status: "pending",
      attempt: 0,
      runAt: delivery.receivedAt,
      leaseOwner: null,
      leaseUntil: null,
      doneHandlers: [],
      lastError: null,
    });
  });

  for (const status of ["pending", "running", "done", "dead"] as const) {
    suite.row("accept-duplicate", status, async ({ fixture: { store } }) => {
      const first = newDelivery();
      await accept(store, first);
      if (status !== "pending") {
        await store.claim({ workerId: "worker-a", limit: 1, now: T0, leaseMs: LEASE });
        await store.recordHandlerDone(first.id, "worker-a", "handler-1", T0 + 1);
      }
      if (status === "done") await store.settle(first.id, "worker-a", { status, now: T0 + 2 });
      if (status === "dead") {
        await store.settle(first.id, "worker-a", { status, now: T0 + 2, error: "boom" });
      }
      const before = await mustGet(store, first.id);
      const again = newDelivery({
        key: first.key,
        body: new TextEncoder().encode('{"other":true}'),
        receivedAt: T0 + DAY,
      });
      expect(await accept(store, again)).toEqual({ id: first.id, duplicate: true });
      expect(await store.get(again.id)).toBeUndefined();
      const after = await mustGet(store, first.id);
      expect(after).toEqual(before);
      expect((await store.stats()).counts[status]).toBe(1);
    });
  }

  suite.row("accept-distinct", undefined, async ({ fixture: { store } }) => {
    const a = newDelivery();
    const b = newDelivery({ body: a.body, signature: a.signature, receivedAt: a.receivedAt });
    expect(await accept(store, a)).toEqual({ id: a.id, duplicate: false });
    expect(await accept(store, b)).toEqual({ id: b.id, duplicate: false });
    expectSameDelivery(await mustGet(store, a.id), a);
    expectSameDelivery(await mustGet(store, b.id), b);
  });

  suite.row("accept-concurrent-duplicates", "50 at once", async ({ fixture: { store } }) => {
    const key = `key-${randomUUID()}`;
    const deliveries = Array.from({ length: 50 }, () => newDelivery({ key }));
    const results = await Promise.all(deliveries.map((delivery) => accept(store, delivery)));
    const fresh = results.filter((result) => !result.duplicate);
    expect(fresh).toHaveLength(1);
    const winner = fresh[0]?.id;
    expect(new Set(results.map((result) => result.id))).toEqual(new Set([winner]));
    expect((await store.stats()).counts.pending).toBe(1);
    const { deliveries: listed } = await store.list({ limit: 100 });
    expect(listed.map((d) => d.id)).toEqual([winner]);
  });

  suite.row("accept-concurrent-distinct", "50 at once", async ({ fixture: { store } }) => {
    const deliveries = Array.from({ length: 50 }, (_, i) => newDelivery({ receivedAt: T0 + i }));
    const results = await Promise.all(deliveries.map((delivery) => accept(store, delivery)));
    expect(results.every((result) => !result.duplicate)).toBe(true);
    expect((await store.stats()).counts.pending).toBe(50);
  });

  suite.row("retention", undefined, async ({ fixture: { store } }) => {
    const old = newDelivery();
    await accept(store, old);
    const atBoundary = newDelivery({ key: old.key, receivedAt: T0 + RETENTION });
    expect(await accept(store, atBoundary)).toEqual({ id: old.id, duplicate: true });

    const later = newDelivery({ key: old.key, receivedAt: T0 + RETENTION + 1 });
    expect(await accept(store, later)).toEqual({ id: later.id, duplicate: false });
    expect(await store.get(old.id)).toBeUndefined();
    const stored = await mustGet(store, later.id);
    expectSameDelivery(stored, later);
    expect(stored).toMatchObject({ status: "pending", attempt: 0, doneHandlers: [] });
    expect((await store.stats()).counts.pending).toBe(1);
  });

  suite.row("retention", "the replaced delivery was done", async ({ fixture: { store } }) => {
    const first = await acceptAndClaim(store);
    await store.recordHandlerDone(first.id, "worker-a", "handler-1", T0 + 1);
    await store.settle(first.id, "worker-a", { status: "done", now: T0 + 2 });
    const later = newDelivery({ key: first.key, receivedAt: T0 + RETENTION + 1 });
    expect(await accept(store, later)).toEqual({ id: later.id, duplicate: false });
    expect(await mustGet(store, later.id)).toMatchObject({ status: "pending", doneHandlers: [] });
    expect((await store.stats()).counts).toEqual({ pending: 1, running: 0, done: 0, dead: 0 });
  });

  const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
  const invalidUtf8 = Uint8Array.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x00, 0x7d]);
  const large = Uint8Array.from({ length: 1024 * 1024 }, (_, i) => (i * 31 + 7) % 256);
  for (const [detail, body] of [
    ["every byte value", everyByte],
    ["invalid UTF-8 and NUL", invalidUtf8],
    ["1 MiB", large],
    ["empty", new Uint8Array(0)],
  ] as const) {
    suite.row("body-bytes", detail, async ({ fixture: { store } }) => {
      const delivery = newDelivery({ body: body.slice() });
      await accept(store, delivery);
      delivery.body.fill(0x20); // The store keeps what it was given, not a view of the caller's buffer.
      expectBytes((await mustGet(store, delivery.id)).body, body);
      const [claimed] = await store.claim({ workerId: "w", limit: 1, now: T0, leaseMs: LEASE });
      expectBytes(claimed?.body ?? new Uint8Array([1]), body);
      const { deliveries } = await store.list();
      expectBytes(deliveries[0]?.body ?? new Uint8Array([1]), body);
    });
  }
}
