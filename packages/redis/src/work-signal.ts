import type { Redis } from "ioredis";

/**
 * Wakes idle workers when a delivery becomes due, through Redis pub/sub on a connection of its own
 * (a subscribed connection can run no other command). Losing a message only costs a poll interval:
 * workers still wake after their timeout.
 */
export class WorkSignal {
  readonly #channel: string;
  readonly #openSubscriber: () => Redis;
  readonly #waiters = new Set<() => void>();
  #subscriber: Redis | undefined;

  constructor(channel: string, openSubscriber: () => Redis) {
    this.#channel = channel;
    this.#openSubscriber = openSubscriber;
  }

  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    this.#subscribe();
    return new Promise<void>((resolve) => {
      if (signal.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal.addEventListener("abort", done, { once: true });
      this.#waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.#wakeAll();
    const subscriber = this.#subscriber;
    this.#subscriber = undefined;
    if (subscriber) await subscriber.quit().catch(() => subscriber.disconnect());
  }

  #wakeAll(): void {
    for (const done of [...this.#waiters]) done();
  }

  #subscribe(): void {
    if (this.#subscriber) return;
    const subscriber = this.#openSubscriber();
    this.#subscriber = subscriber;
    subscriber.on("message", (channel: string) => {
      if (channel === this.#channel) this.#wakeAll();
    });
    // After a reconnect (ioredis subscribes again by itself) messages may have been missed.
    let lost = false;
    subscriber.on("close", () => {
      lost = true;
    });
    subscriber.on("ready", () => {
      if (lost) this.#wakeAll();
      lost = false;
    });
    // Connection errors are retried by ioredis; without a listener it would print each one.
    subscriber.on("error", () => {});
    subscriber.subscribe(this.#channel).catch(() => {});
  }
}
