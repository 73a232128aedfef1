/**
 * Wakes a worker of this process when this process stored or replayed a delivery, so it need not
 * wait for its next poll. Work stored by another process sharing the file is found by polling.
 */
export function createWaiters() {
  const waiting = new Set<() => void>();
  return {
    wake(): void {
      for (const resolve of waiting) resolve();
    },
    wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
      return new Promise((resolve) => {
        if (signal.aborted) return resolve();
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          waiting.delete(done);
          resolve();
        };
        const timer = setTimeout(done, timeoutMs);
        signal.addEventListener("abort", done);
        waiting.add(done);
      });
    },
  };
}
