import { HeronWebhookError, isHeronWebhookError } from "../errors.js";
import type { HeronWebhookEvent } from "../topics.js";
import type { Clock } from "./clock.js";
import { contextOf, type DeliveryContext } from "./context.js";
import { errorSummary } from "./failure.js";
import type { RetrySchedule } from "./retry.js";
import type { InboxHost } from "./runtime.js";
import type { InboxStore, StoredDelivery } from "./store.js";

export type InboxHandler = (event: HeronWebhookEvent, delivery: DeliveryContext) => unknown;

export interface InboxRoute {
  readonly name: string;
  readonly handler: InboxHandler;
}

/** What running a delivery needs from the webhooks instance (the host's routes, reporting and secrets) and the worker. */
export interface RunnerDeps extends Pick<InboxHost, "routesFor" | "report" | "secrets"> {
  readonly store: InboxStore;
  readonly clock: Clock;
  readonly schedule: RetrySchedule;
  readonly workerId: string;
  readonly leaseMs: number;
  /** Verifies the stored body again and parses it: a row changed in the store never runs. */
  verify(body: Uint8Array, signature: string): Promise<HeronWebhookEvent>;
}

/** A store call that failed while a delivery ran: the delivery is left to its lease and reclaimed. */
export class StoreFailure extends Error {
  override readonly name = "StoreFailure";
}

async function storeCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw new StoreFailure("The inbox store failed while a delivery ran.", { cause });
  }
}

/** Extends the lease every third of it while the delivery runs; notes when it was lost. */
function keepLease(deps: RunnerDeps, id: string) {
  const state = { lost: false, timer: undefined as unknown };
  const every = Math.max(1, Math.floor(deps.leaseMs / 3));
  const tick = () => {
    deps.store.extendLease(id, deps.workerId, deps.clock.now() + deps.leaseMs).then(
      (held) => {
        if (!held) state.lost = true;
        else if (state.timer !== undefined) state.timer = deps.clock.setTimeout(tick, every);
      },
      // The store is down for a moment: try again next time; the lease ends on its own if it stays down.
      () => {
        if (state.timer !== undefined) state.timer = deps.clock.setTimeout(tick, every);
      },
    );
  };
  state.timer = deps.clock.setTimeout(tick, every);
  return {
    get lost() {
      return state.lost;
    },
    lose() {
      state.lost = true;
    },
    stop() {
      deps.clock.clearTimeout(state.timer);
      state.timer = undefined;
    },
  };
}

/** Runs one handler; true when its success was recorded, false when the lease was lost first. */
async function runHandler(
  deps: RunnerDeps,
  delivery: StoredDelivery,
  route: InboxRoute,
  event: HeronWebhookEvent,
): Promise<{ recorded: boolean } | { failed: unknown }> {
  const { store, workerId } = deps;
  if (store.runHandlerAtomically) {
    let failed: { error: unknown } | undefined;
    try {
      const recorded = await store.runHandlerAtomically(
        delivery.id,
        workerId,
        route.name,
        deps.clock.now(),
        async (extras) => {
          try {
            return await route.handler(event, contextOf(delivery, extras));
          } catch (error) {
            failed = { error };
            throw error;
          }
        },
      );
      return { recorded };
    } catch (error) {
      if (failed) return { failed: failed.error };
      throw new StoreFailure("The inbox store failed while a delivery ran.", { cause: error });
    }
  }
  try {
    await route.handler(event, contextOf(delivery));
  } catch (error) {
    return { failed: error };
  }
  const recorded = await storeCall(() =>
    store.recordHandlerDone(delivery.id, workerId, route.name, deps.clock.now()),
  );
  return { recorded };
}

/**
 * One attempt at a claimed delivery: verify the stored body again, run each handler that has not
 * yet succeeded (in registration order, each recorded as it succeeds), then settle the attempt:
 * done, pending on the retry schedule, or dead. Rejects with StoreFailure when the store fails.
 */
export async function runDelivery(deps: RunnerDeps, delivery: StoredDelivery): Promise<void> {
  if (delivery.attempt > deps.schedule.attempts) return giveUp(deps, delivery);
  const lease = keepLease(deps, delivery.id);
  try {
    let event: HeronWebhookEvent;
    try {
      event = await deps.verify(delivery.body, delivery.signature);
    } catch (error) {
      const failure = isHeronWebhookError(error)
        ? error
        : new HeronWebhookError("INVALID_PAYLOAD", "The stored delivery could not be read.", {
            cause: error,
          });
      return await settleFailure(
        deps,
        delivery,
        undefined,
        [{ name: "verify", error: failure }],
        failure,
      );
    }
    const failures: { name: string; error: unknown }[] = [];
    for (const route of deps.routesFor(event.topic)) {
      if (delivery.doneHandlers.includes(route.name)) continue;
      if (lease.lost) return;
      const outcome = await runHandler(deps, delivery, route, event);
      if ("failed" in outcome) failures.push({ name: route.name, error: outcome.failed });
      else if (!outcome.recorded) lease.lose();
    }
    if (lease.lost) return;
    if (failures.length === 0) {
      await storeCall(() =>
        deps.store.settle(delivery.id, deps.workerId, { status: "done", now: deps.clock.now() }),
      );
      return;
    }
    const error = new HeronWebhookError(
      "HANDLER_FAILED",
      `${failures.length} handler(s) for "${event.topic}" failed on attempt ${delivery.attempt}.`,
      { cause: failures[0]?.error, errors: failures.map((failure) => failure.error) },
    );
    await settleFailure(deps, delivery, event, failures, error);
  } finally {
    lease.stop();
  }
}

async function settleFailure(
  deps: RunnerDeps,
  delivery: StoredDelivery,
  event: HeronWebhookEvent | undefined,
  failures: readonly { name: string; error: unknown }[],
  error: HeronWebhookError,
): Promise<void> {
  const now = deps.clock.now();
  const delay = deps.schedule.delayAfter(delivery.attempt);
  const message = errorSummary(failures, deps.secrets);
  const held = await storeCall(() =>
    deps.store.settle(
      delivery.id,
      deps.workerId,
      delay === null
        ? { status: "dead", now, error: message }
        : { status: "pending", now, runAt: now + delay, error: message },
    ),
  );
  // Without the lease another worker holds the delivery, and it will run again there.
  const willRetry = delay !== null || !held;
  await deps.report(error, event, {
    delivery: contextOf(delivery),
    willRetry,
    retryAt: delay === null ? null : new Date(now + delay),
  });
}

/**
 * A claim past the last attempt means the last attempt never settled: its worker died (or lost the
 * lease) mid-run, every time. Such a delivery may be what kills the process, so it is not run again
 * but made dead, for an operator to look at and replay.
 */
async function giveUp(deps: RunnerDeps, delivery: StoredDelivery): Promise<void> {
  const message = `No attempts left: attempt ${delivery.attempt - 1} never finished (the process running it stopped, or lost its lease, mid-run).`;
  const error = new HeronWebhookError("HANDLER_FAILED", message);
  await storeCall(() =>
    deps.store.settle(delivery.id, deps.workerId, {
      status: "dead",
      now: deps.clock.now(),
      error: message,
    }),
  );
  await deps.report(error, undefined, {
    delivery: contextOf(delivery),
    willRetry: false,
    retryAt: null,
  });
}
