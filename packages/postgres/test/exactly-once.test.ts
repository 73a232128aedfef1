// Exactly once for effects in the same database: a handler's writes and its "done" commit together,
// so a worker killed between the two leaves neither, and the retry applies the effect once.
import { afterEach, beforeEach, expect, it } from "vitest";
import { startChild } from "./support/child.js";
import { newDelivery } from "./support/deliveries.js";
import {
  createTestInbox,
  describePostgres,
  POSTGRES_URL,
  type TestInbox,
} from "./support/postgres.js";

describePostgres("runHandlerAtomically across a crash", () => {
  let inbox: TestInbox;
  beforeEach(async () => {
    inbox = await createTestInbox();
    await inbox.pool.query("CREATE TABLE effects (delivery_id text NOT NULL)");
  });
  afterEach(() => inbox.close());

  const effects = async () =>
    (await inbox.pool.query<{ delivery_id: string }>("SELECT delivery_id FROM effects")).rows;

  it("a worker killed -9 after the handler's write but before the commit leaves no effect; the retry applies it once", async () => {
    const { store } = inbox;
    const { id } = await store.accept(newDelivery(), { retainSince: 0 });

    const worker = startChild("atomic-child.mjs", [POSTGRES_URL, inbox.schema, "worker-a", "2000"]);
    expect(await worker.next((m) => (m as { written?: string }).written === id)).toEqual({
      written: id,
    });
    // The write is made, in the open transaction: nothing of it is visible yet.
    expect(await effects()).toEqual([]);
    await worker.kill9();

    // The killed connection's transaction rolled back: no effect, no handler recorded.
    await expect.poll(async () => (await effects()).length, { timeout: 5_000 }).toBe(0);
    expect(await store.get(id)).toMatchObject({
      status: "running",
      leaseOwner: "worker-a",
      doneHandlers: [],
    });

    // After the lease, another worker runs the handler again, and this time it commits.
    const [again] = await store.claim({
      workerId: "worker-b",
      limit: 1,
      now: 40_000,
      leaseMs: 30_000,
    });
    expect(again).toMatchObject({ id, attempt: 2 });
    const ran = await store.runHandlerAtomically(
      id,
      "worker-b",
      "apply",
      40_001,
      async (extras) => {
        const db = extras.db as TestInbox["pool"];
        await db.query("INSERT INTO effects (delivery_id) VALUES ($1)", [id]);
      },
    );
    expect(ran).toBe(true);
    expect(await effects()).toEqual([{ delivery_id: id }]);
    expect((await store.get(id))?.doneHandlers).toEqual(["apply"]);
  });

  it("a hung worker whose lease ended never commits its write: only the next worker's effect stays", async () => {
    const { store } = inbox;
    const { id } = await store.accept(newDelivery(), { retainSince: 0 });
    const worker = startChild("atomic-child.mjs", [POSTGRES_URL, inbox.schema, "worker-a", "2000"]);
    await worker.next((m) => (m as { written?: string }).written === id);
    try {
      // Its lease ended by core's clock: another worker takes the delivery and runs the handler.
      const [again] = await store.claim({
        workerId: "worker-b",
        limit: 1,
        now: 40_000,
        leaseMs: 30_000,
      });
      expect(again?.id).toBe(id);
      expect(
        await store.runHandlerAtomically(id, "worker-b", "apply", 40_001, async (extras) => {
          await (extras.db as TestInbox["pool"]).query(
            "INSERT INTO effects (delivery_id) VALUES ($1)",
            [id],
          );
        }),
      ).toBe(true);
    } finally {
      await worker.kill9();
    }
    // The hung worker never committed: one effect only.
    expect(await effects()).toEqual([{ delivery_id: id }]);
  });
});
