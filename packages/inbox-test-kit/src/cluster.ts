// The processes of a multi-process test, two receivers and three workers on one store, and the faults
// it injects as the deliveries are acknowledged: a worker killed -9 twice, a receiver once, and the
// store cut away for a while.
import type { Child } from "./child.js";

export interface Outage {
  readonly from: number;
  readonly to: number;
}

export interface Cluster {
  /** The receivers' current URLs, for the sender: undefined while one restarts. */
  targets(): readonly (string | undefined)[];
  /** Injects the fault due after `acknowledged` deliveries, if any. */
  onProgress(acknowledged: number): void;
  /** Aborted with the error of a fault that failed, to stop the sending. */
  readonly signal: AbortSignal;
  /** Waits for the faults injected so far; throws if one failed. */
  settled(): Promise<void>;
  /** The pids killed -9. */
  readonly killed: ReadonlySet<number>;
  /** When the store was away, once it is back. */
  outage(): Outage | undefined;
  close(): Promise<void>;
}

export async function startCluster(options: {
  startReceiver(index: number): Promise<{ child: Child; url: string }>;
  startWorker(): Promise<Child>;
  /** Takes the store away from every process, and brings it back. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  outageMs: number;
}): Promise<Cluster> {
  const children = new Set<Child>();
  const killed = new Set<number>();
  const targets: (string | undefined)[] = [undefined, undefined];
  const faults: Promise<unknown>[] = [];
  const faultFailed = new AbortController();
  let outage: Outage | undefined;

  const startReceiver = async (index: number) => {
    const { child, url } = await options.startReceiver(index);
    children.add(child);
    targets[index] = url;
    return child;
  };
  const startWorker = async () => {
    const child = await options.startWorker();
    children.add(child);
    return child;
  };
  const kill = async (child: Child) => {
    if (child.process.pid) killed.add(child.process.pid);
    await child.kill9();
    children.delete(child);
  };
  const close = () => Promise.all([...children].map((child) => child.kill9())).then(() => {});

  try {
    const receivers = await Promise.all([startReceiver(0), startReceiver(1)]);
    const workers = await Promise.all([startWorker(), startWorker(), startWorker()]);
    const restartWorker = (index: number) => async () => {
      await kill(workers[index] as Child);
      workers[index] = await startWorker();
    };
    const at = new Map<number, () => Promise<unknown>>([
      [1_500, restartWorker(0)],
      [
        3_000,
        async () => {
          targets[0] = undefined;
          await kill(receivers[0] as Child);
          receivers[0] = await startReceiver(0);
        },
      ],
      [4_500, restartWorker(1)],
      [
        6_000,
        async () => {
          const from = Date.now();
          await options.cut();
          await new Promise((resolve) => setTimeout(resolve, options.outageMs));
          await options.restore();
          outage = { from, to: Date.now() };
        },
      ],
    ]);
    return {
      targets: () => targets,
      onProgress(acknowledged) {
        const fault = at.get(acknowledged);
        if (fault) faults.push(fault().catch((error: unknown) => faultFailed.abort(error)));
      },
      signal: faultFailed.signal,
      async settled() {
        await Promise.all(faults);
        faultFailed.signal.throwIfAborted();
      },
      killed,
      outage: () => outage,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
