import type { Pool, PoolClient } from "pg";

// After a failed LISTEN connection, wait this long before the next try (workers still poll meanwhile).
const RECONNECT_DELAY_MS = 1_000;

/**
 * LISTEN on one connection held from the pool, so an idle worker wakes within milliseconds of an
 * accept in any process. It connects on the first wait, and after losing its connection reconnects on
 * a later one; a wait never fails: at worst it lasts its timeout, and the worker polls.
 */
export class WorkSignal {
  readonly #pool: Pool;
  readonly #listen: string;
  #connection:
    | { readonly client: PoolClient; readonly release: (error?: Error) => void }
    | undefined;
  #connecting = false;
  #retryAt = 0;
  #closed = false;
  // A notification that came while no worker was waiting: the next wait returns at once.
  #missed = false;
  readonly #waiters = new Set<() => void>();

  constructor(pool: Pool, quotedChannel: string) {
    this.#pool = pool;
    this.#listen = `LISTEN ${quotedChannel}`;
  }

  wait(timeoutMs: number, signal: AbortSignal): Promise<void> {
    this.#ensureListening();
    if (this.#missed || signal.aborted || this.#closed) {
      this.#missed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, timeoutMs));
      signal.addEventListener("abort", done, { once: true });
      this.#waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#wake();
    const connection = this.#connection;
    this.#connection = undefined;
    if (connection) {
      await connection.client.query(`UN${this.#listen}`).catch(() => {});
      connection.release();
    }
  }

  #wake = (): void => {
    if (this.#waiters.size === 0) {
      this.#missed = true;
      return;
    }
    for (const done of [...this.#waiters]) done();
  };

  #ensureListening(): void {
    if (this.#connection || this.#connecting || this.#closed || Date.now() < this.#retryAt) return;
    this.#connecting = true;
    this.#connect()
      .catch(() => {
        this.#retryAt = Date.now() + RECONNECT_DELAY_MS;
      })
      .finally(() => {
        this.#connecting = false;
      });
  }

  async #connect(): Promise<void> {
    const client = await this.#pool.connect();
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.removeListener("notification", this.#wake);
      // Back in the pool, the pool's own error listener takes over; a destroyed client keeps ours.
      if (!error) client.removeListener("error", lost);
      client.release(error);
    };
    const connection = { client, release };
    const lost = (error?: Error) => {
      if (this.#connection === connection) {
        this.#connection = undefined;
        this.#retryAt = Date.now() + RECONNECT_DELAY_MS;
      }
      // Destroyed, not returned: a connection that failed is of no use to the app's pool.
      release(error ?? new Error("LISTEN connection ended"));
      // Waiting workers claim now: they learn whether the database is back, and core backs them off.
      this.#wake();
    };
    client.on("error", lost);
    client.once("end", () => lost());
    client.on("notification", this.#wake);
    try {
      await client.query(this.#listen);
    } catch (error) {
      lost(error as Error);
      throw error;
    }
    if (this.#closed) {
      release();
      return;
    }
    this.#connection = connection;
    // Deliveries may have arrived while nobody listened.
    this.#wake();
  }
}
