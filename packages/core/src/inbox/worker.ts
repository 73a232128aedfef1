import { HeronWebhookError } from "../errors.js";
import { sleep } from "./clock.js";
import { type RunnerDeps, runDelivery } from "./run-delivery.js";
import type { StoredDelivery } from "./store.js";

export interface WorkerOptions {
  /** Deliveries run at the same time. Default 4. */
  concurrency?: number;
  /** How long a claim holds a delivery; extended every third of it while handlers run. Default 30 000 ms. */
  leaseMs?: number;
  /** How often to look for due deliveries (retries, expired leases), or, without `waitForWork`, new ones. Default 1 000 ms. */
  pollIntervalMs?: number;
  /** Names this worker in the store's leases. Default: a random id. */
  workerId?: string;
}

export interface Worker {
  readonly id: string;
  /** Stops claiming, lets the deliveries it holds finish (and settle), then resolves. */
  stop(): Promise<void>;
}

export type WorkerDeps = Omit<RunnerDeps, "workerId" | "leaseMs">;

const MAX_BACKOFF_MS = 30_000;

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new HeronWebhookError("INVALID_CONFIG", `\`${name}\` must be a positive whole number.`);
  }
  return value;
}

/** Claims due deliveries and runs them, at most `concurrency` at a time, until stopped. */
export function startWorker(deps: WorkerDeps, options: WorkerOptions = {}): Worker {
  const concurrency = positiveInteger("concurrency", options.concurrency ?? 4);
  const leaseMs = positiveInteger("leaseMs", options.leaseMs ?? 30_000);
  const pollIntervalMs = positiveInteger("pollIntervalMs", options.pollIntervalMs ?? 1_000);
  const workerId = options.workerId ?? `worker-${crypto.randomUUID()}`;
  const runner: RunnerDeps = { ...deps, workerId, leaseMs };
  const { store, clock } = deps;
  const stopping = new AbortController();
  const active = new Set<Promise<void>>();
  // Aborted when a running delivery finishes, so a full worker claims again at once.
  let slotFreed = new AbortController();

  function run(delivery: StoredDelivery): void {
    const task = runDelivery(runner, delivery)
      .catch((cause: unknown) =>
        deps.report(
          new HeronWebhookError(
            "INBOX_UNAVAILABLE",
            `The inbox store failed while delivery ${delivery.id} ran; it runs again when its lease ends.`,
            { cause },
          ),
          undefined,
        ),
      )
      .finally(() => {
        active.delete(task);
        slotFreed.abort();
      });
    active.add(task);
  }

  /** Waits for new work, a poll interval, a free slot or stop: whichever comes first. */
  async function idle(full: boolean): Promise<void> {
    if (stopping.signal.aborted || slotFreed.signal.aborted) return;
    const wake = new AbortController();
    const wakeUp = () => wake.abort();
    stopping.signal.addEventListener("abort", wakeUp, { once: true });
    slotFreed.signal.addEventListener("abort", wakeUp, { once: true });
    try {
      if (full || !store.waitForWork) {
        // A full worker has no slot for new work: only a finished delivery (or stop) matters.
        await sleep(clock, full ? 2 ** 31 - 1 : pollIntervalMs, wake.signal);
      } else {
        await store.waitForWork(pollIntervalMs, wake.signal);
      }
    } finally {
      stopping.signal.removeEventListener("abort", wakeUp);
      slotFreed.signal.removeEventListener("abort", wakeUp);
    }
  }

  const loop = (async () => {
    let failures = 0;
    while (!stopping.signal.aborted) {
      slotFreed = new AbortController();
      const free = concurrency - active.size;
      let claimedAll = false;
      try {
        if (free > 0) {
          const claimed = await store.claim({ workerId, limit: free, now: clock.now(), leaseMs });
          for (const delivery of claimed) run(delivery);
          claimedAll = claimed.length === free;
        }
        if (failures > 0)
          console.error("[heron-webhooks] the inbox store answers again; the worker resumed.");
        failures = 0;
        // A full batch suggests more is due: claim again rather than wait, unless now full.
        if (!claimedAll || active.size >= concurrency) await idle(active.size >= concurrency);
      } catch (cause) {
        failures += 1;
        // Reported once per outage; the worker pauses with backoff and resumes by itself.
        if (failures === 1) {
          await deps.report(
            new HeronWebhookError(
              "INBOX_UNAVAILABLE",
              "The worker cannot reach the inbox store; it retries with backoff.",
              { cause },
            ),
            undefined,
          );
        }
        const backoff = Math.min(100 * 2 ** (failures - 1), MAX_BACKOFF_MS);
        await sleep(clock, backoff * (0.5 + Math.random() / 2), stopping.signal);
      }
    }
  })();

  let stopped: Promise<void> | undefined;
  return {
    id: workerId,
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        await loop;
        await Promise.all(active);
      })();
      return stopped;
    },
  };
}
