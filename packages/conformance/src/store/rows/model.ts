import type {
  DeliveryStatus,
  InboxStats,
  InboxStore,
  StoredDelivery,
} from "@heron-webhooks/core/store";
import fc from "fast-check";
import { expect } from "vitest";
import { newDelivery, T0 } from "../deliveries.js";
import type { StoreSuite } from "../suite.js";

// Model-based test: random command sequences run against the store and against this model of the
// lifecycle, and every answer and every delivery must agree. Times are small so leases, retries and
// the retention window all come into play within a few commands.
const LEASE = 1000;
const RETENTION = 20_000;
const WORKERS = ["worker-a", "worker-b", "worker-c"] as const;
const HANDLERS = ["handler-1", "handler-2"] as const;

interface ModelDelivery {
  id: string;
  key: string;
  receivedAt: number;
  status: DeliveryStatus;
  attempt: number;
  runAt: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  doneHandlers: Set<string>;
  lastError: string | null;
}

interface Model {
  now: number;
  byId: Map<string, ModelDelivery>;
  /** Every id ever accepted, purged or replaced ones too: commands pick their target from here. */
  known: string[];
  errors: number;
}

interface Real {
  store: InboxStore;
}

type Command = fc.AsyncCommand<Model, Real>;

/**
 * The target of a command: for an even index one of the deliveries `fits` (so commands that need
 * the lease holder or a settled delivery often find one), for an odd index any delivery ever seen
 * (so refusals are exercised too).
 */
function pick(model: Model, index: number, fits: (d: ModelDelivery) => boolean): string {
  const fitting = model.known.filter((id) => {
    const delivery = model.byId.get(id);
    return delivery !== undefined && fits(delivery);
  });
  const from = index % 2 === 0 && fitting.length > 0 ? fitting : model.known;
  return from[Math.floor(index / 2) % from.length] as string;
}

const heldBy = (worker: string) => (d: ModelDelivery) =>
  d.status === "running" && d.leaseOwner === worker;

function holder(model: Model, id: string, worker: string): ModelDelivery | undefined {
  const delivery = model.byId.get(id);
  return delivery?.status === "running" && delivery.leaseOwner === worker ? delivery : undefined;
}

function isDue(delivery: ModelDelivery, now: number): boolean {
  if (delivery.status === "pending") return delivery.runAt <= now;
  return delivery.status === "running" && (delivery.leaseUntil ?? 0) <= now;
}

function view(delivery: StoredDelivery | ModelDelivery | undefined) {
  if (!delivery) return undefined;
  return {
    id: delivery.id,
    key: delivery.key,
    receivedAt: delivery.receivedAt,
    status: delivery.status,
    attempt: delivery.attempt,
    runAt: delivery.runAt,
    leaseOwner: delivery.leaseOwner,
    leaseUntil: delivery.leaseUntil,
    doneHandlers: [...delivery.doneHandlers].sort(),
    lastError: delivery.lastError,
  };
}

function modelStats(model: Model): InboxStats {
  const counts: Record<DeliveryStatus, number> = { pending: 0, running: 0, done: 0, dead: 0 };
  let oldest: number | null = null;
  for (const delivery of model.byId.values()) {
    counts[delivery.status] += 1;
    if (delivery.status === "pending" || delivery.status === "running") {
      oldest = oldest === null ? delivery.receivedAt : Math.min(oldest, delivery.receivedAt);
    }
  }
  return { counts, oldestUnfinishedReceivedAt: oldest };
}

/** After every command: every delivery ever seen and the stats agree with the model. */
async function expectAgrees(model: Model, real: Real): Promise<void> {
  for (const id of model.known) {
    expect(view(await real.store.get(id)), `delivery ${id}`).toEqual(view(model.byId.get(id)));
  }
  expect(await real.store.stats()).toEqual(modelStats(model));
}

function command(
  label: string,
  run: (model: Model, real: Real) => Promise<void>,
  needsDeliveries = true,
): Command {
  return {
    check: (model) => !needsDeliveries || model.known.length > 0,
    run: async (model, real) => {
      await run(model, real);
      await expectAgrees(model, real);
    },
    toString: () => label,
  };
}

const advance = (ms: number) =>
  command(
    `advance(${ms})`,
    async (model) => {
      model.now += ms;
    },
    false,
  );

const acceptKey = (keyIndex: number) =>
  command(
    `accept(key-${keyIndex})`,
    async (model, real) => {
      const delivery = newDelivery({ key: `key-${keyIndex}`, receivedAt: model.now });
      const result = await real.store.accept(delivery, { retainSince: model.now - RETENTION });
      const existing = [...model.byId.values()].find((d) => d.key === delivery.key);
      if (existing && existing.receivedAt >= model.now - RETENTION) {
        expect(result).toEqual({ id: existing.id, duplicate: true });
        return;
      }
      expect(result).toEqual({ id: delivery.id, duplicate: false });
      if (existing) model.byId.delete(existing.id);
      model.byId.set(delivery.id, {
        id: delivery.id,
        key: delivery.key,
        receivedAt: model.now,
        status: "pending",
        attempt: 0,
        runAt: model.now,
        leaseOwner: null,
        leaseUntil: null,
        doneHandlers: new Set(),
        lastError: null,
      });
      model.known.push(delivery.id);
    },
    false,
  );

const claim = (worker: string, limit: number) =>
  command(
    `claim(${worker}, ${limit})`,
    async (model, real) => {
      const claimed = await real.store.claim({
        workerId: worker,
        limit,
        now: model.now,
        leaseMs: LEASE,
      });
      const due = [...model.byId.values()].filter((d) => isDue(d, model.now));
      // Deliveries due at the same runAt may come in any order: check the choice, not one order.
      expect(claimed).toHaveLength(Math.min(limit, due.length));
      const dueIds = new Set(due.map((d) => d.id));
      for (const delivery of claimed) expect(dueIds.has(delivery.id)).toBe(true);
      expect(new Set(claimed.map((d) => d.id)).size).toBe(claimed.length);
      const runAts = claimed.map((d) => model.byId.get(d.id)?.runAt ?? 0);
      expect(runAts).toEqual([...runAts].sort((a, b) => a - b));
      const left = due.filter((d) => !claimed.some((c) => c.id === d.id));
      for (const other of left) expect(other.runAt).toBeGreaterThanOrEqual(Math.max(...runAts));
      for (const { id } of claimed) {
        const delivery = model.byId.get(id) as ModelDelivery;
        delivery.status = "running";
        delivery.attempt += 1;
        delivery.leaseOwner = worker;
        delivery.leaseUntil = model.now + LEASE;
      }
      for (const delivery of claimed) {
        expect(view(delivery)).toEqual(view(model.byId.get(delivery.id)));
      }
    },
    false,
  );

const recordDone = (worker: string, index: number, handler: string) =>
  command(`recordHandlerDone(${worker}, #${index}, ${handler})`, async (model, real) => {
    const id = pick(model, index, heldBy(worker));
    const held = holder(model, id, worker);
    expect(await real.store.recordHandlerDone(id, worker, handler, model.now)).toBe(!!held);
    held?.doneHandlers.add(handler);
  });

const extend = (worker: string, index: number, by: number) =>
  command(`extendLease(${worker}, #${index}, +${by})`, async (model, real) => {
    const id = pick(model, index, heldBy(worker));
    const held = holder(model, id, worker);
    expect(await real.store.extendLease(id, worker, model.now + by)).toBe(!!held);
    if (held) held.leaseUntil = model.now + by;
  });

const settle = (worker: string, index: number, outcome: "done" | "dead" | "retry", delay: number) =>
  command(`settle(${worker}, #${index}, ${outcome}, ${delay})`, async (model, real) => {
    const id = pick(model, index, heldBy(worker));
    const held = holder(model, id, worker);
    const now = model.now;
    const error = `Error: failure ${++model.errors}`;
    const ok = await real.store.settle(
      id,
      worker,
      outcome === "done"
        ? { status: "done", now }
        : outcome === "dead"
          ? { status: "dead", now, error }
          : { status: "pending", now, runAt: now + delay, error },
    );
    expect(ok).toBe(!!held);
    if (!held) return;
    held.status = outcome === "retry" ? "pending" : outcome;
    held.leaseOwner = null;
    held.leaseUntil = null;
    if (outcome !== "done") held.lastError = error;
    if (outcome === "retry") held.runAt = now + delay;
  });

function replayModel(delivery: ModelDelivery, now: number): void {
  if (delivery.status === "done") delivery.doneHandlers.clear();
  delivery.status = "pending";
  delivery.runAt = now;
  delivery.attempt = 0;
}

const replay = (index: number) =>
  command(`replay(#${index})`, async (model, real) => {
    const id = pick(model, index, (d) => d.status === "done" || d.status === "dead");
    const delivery = model.byId.get(id);
    const replayable = delivery?.status === "done" || delivery?.status === "dead";
    expect(await real.store.replay(id, model.now)).toBe(replayable);
    if (delivery && replayable) replayModel(delivery, model.now);
  });

const replayDead = () =>
  command(
    "replayDead()",
    async (model, real) => {
      const dead = [...model.byId.values()].filter((d) => d.status === "dead");
      expect(await real.store.replayDead(model.now)).toBe(dead.length);
      for (const delivery of dead) replayModel(delivery, model.now);
    },
    false,
  );

const purge = (ago: number) =>
  command(
    `purge(now - ${ago})`,
    async (model, real) => {
      const olderThan = model.now - ago;
      const gone = [...model.byId.values()].filter(
        (d) => (d.status === "done" || d.status === "dead") && d.receivedAt < olderThan,
      );
      expect(await real.store.purge({ olderThan })).toBe(gone.length);
      for (const delivery of gone) model.byId.delete(delivery.id);
    },
    false,
  );

const worker = fc.constantFrom(...WORKERS);
const index = fc.nat(50);
const outcome = fc.constantFrom<"done" | "dead" | "retry">("done", "dead", "retry", "retry");
const acceptCommand = fc.nat(5).map(acceptKey);
const claimCommand = fc
  .tuple(worker, fc.integer({ min: 1, max: 3 }))
  .map(([w, limit]) => claim(w, limit));
const settleCommand = fc
  .tuple(worker, index, outcome, fc.constantFrom(0, 300, 5000))
  .map(([w, i, how, delay]) => settle(w, i, how, delay));
const commands = fc.commands(
  [
    // Accept, claim and settle twice over: the lifecycle needs them before anything else matters.
    acceptCommand,
    acceptCommand,
    claimCommand,
    claimCommand,
    settleCommand,
    settleCommand,
    fc.constantFrom(0, 1, 300, LEASE, 5000, RETENTION).map(advance),
    fc
      .tuple(worker, index, fc.constantFrom(...HANDLERS))
      .map(([w, i, handler]) => recordDone(w, i, handler)),
    fc
      .tuple(worker, index, fc.constantFrom(0, 500, 3 * LEASE))
      .map(([w, i, by]) => extend(w, i, by)),
    index.map(replay),
    fc.constant(null).map(replayDead),
    fc.constantFrom(0, 5000, RETENTION).map(purge),
  ],
  { maxCommands: 40, size: "max" },
);

export function modelRows(suite: StoreSuite): void {
  suite.row("model", undefined, async ({ fixture }) => {
    const { create } = suite.options;
    let first = true;
    await fc.assert(
      fc.asyncProperty(commands, async (sequence) => {
        // Each run gets an empty store: the row's own for the first, a fresh one after that.
        const run = first ? fixture : await create();
        try {
          await fc.asyncModelRun(
            () => ({
              model: { now: T0, byId: new Map(), known: [], errors: 0 },
              real: { store: run.store },
            }),
            sequence,
          );
        } finally {
          if (!first) await run.close?.();
          first = false;
        }
      }),
      { numRuns: suite.options.modelRuns ?? 30 },
    );
  });
}
