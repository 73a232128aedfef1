import type { Pool } from "pg";

/**
 * NOTIFY outside the accept's transaction, at most one in flight per process. A NOTIFY inside it would
 * hold PostgreSQL's notification-queue lock at every commit and serialise the receivers' commits
 * (measured: half the accepts per second); coalesced, a burst of accepts sends one or two, and the
 * 200 never waits for it. A lost notification costs at most a worker's poll interval.
 */
export class Notifier {
  readonly #pool: Pool;
  readonly #channel: string;
  #inFlight: Promise<void> | undefined;
  #again = false;

  constructor(pool: Pool, channel: string) {
    this.#pool = pool;
    this.#channel = channel;
  }

  notify(): void {
    if (this.#inFlight) {
      this.#again = true;
      return;
    }
    this.#inFlight = this.#pool
      .query("SELECT pg_notify($1, '')", [this.#channel])
      .then(
        () => {},
        // Workers poll as well: a notification the database could not take is not worth an error.
        () => {},
      )
      .then(() => {
        this.#inFlight = undefined;
        if (this.#again) {
          this.#again = false;
          this.notify();
        }
      });
  }

  /** Resolves once no notification is in flight (before the pool ends). */
  async settled(): Promise<void> {
    while (this.#inFlight) await this.#inFlight;
  }
}
