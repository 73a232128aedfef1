// The body deadline of every read in progress. A Node timer set and cleared per read cost the Node
// adapters 2 to 5% of their throughput (A/B runs on Node 20). Reads with the same timeout expire in
// the order they started, so one timer per timeout length, armed for the oldest read, serves them
// all, and a read that ends only unlinks itself from the list.
//
// Shared only where timers belong to the process (Node, Bun, Deno). Workers tie a timer to the
// request that set it, so there each read keeps a timer of its own.

type Timer = ReturnType<typeof setTimeout>;

interface QueuedDeadline {
  /** When it expires, on `performance.now()`'s clock. */
  readonly at: number;
  readonly expire: () => void;
  /** `undefined` once expired or cleared. */
  queue: DeadlineQueue | undefined;
  previous: QueuedDeadline | undefined;
  next: QueuedDeadline | undefined;
}

interface OwnDeadline {
  readonly at: number;
  readonly timer: Timer;
}

export type Deadline = QueuedDeadline | OwnDeadline;

/** The reads of one timeout length, oldest first. */
class DeadlineQueue {
  private oldest: QueuedDeadline | undefined;
  private newest: QueuedDeadline | undefined;
  private timer: Timer | undefined;

  constructor(private readonly timeoutMs: number) {}

  add(expire: () => void): QueuedDeadline {
    const entry: QueuedDeadline = {
      at: performance.now() + this.timeoutMs,
      expire,
      queue: this,
      previous: this.newest,
      next: undefined,
    };
    if (this.newest) this.newest.next = entry;
    else this.oldest = entry;
    this.newest = entry;
    if (!this.timer) this.arm(this.timeoutMs);
    return entry;
  }

  /** The timer stays armed: setting and clearing one per read is what this queue saves. */
  remove(entry: QueuedDeadline): void {
    if (entry.previous) entry.previous.next = entry.next;
    else this.oldest = entry.next;
    if (entry.next) entry.next.previous = entry.previous;
    else this.newest = entry.previous;
    entry.queue = entry.previous = entry.next = undefined;
  }

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.expireDue(), Math.max(1, Math.ceil(delayMs)));
    // As Node's own request timeouts: a read in progress keeps its socket open, not the process.
    (this.timer as { unref?: () => void }).unref?.();
  }

  private expireDue(): void {
    const now = performance.now();
    // The fired timer still counts as armed, so a read that an expiry starts does not arm another.
    try {
      for (let entry = this.oldest; entry && entry.at <= now; entry = this.oldest) {
        this.remove(entry);
        entry.expire();
      }
    } finally {
      this.timer = undefined;
      if (this.oldest) this.arm(this.oldest.at - performance.now());
    }
  }
}

const queues = new Map<number, DeadlineQueue>();

/**
 * Calls `expire` once `timeoutMs` have passed, unless `clearDeadline` comes first. `shared`: on the
 * queue of its timeout length, where timers belong to the process; otherwise on a timer of its own.
 */
export function startDeadline(timeoutMs: number, expire: () => void, shared: boolean): Deadline {
  if (!shared) return { at: performance.now() + timeoutMs, timer: setTimeout(expire, timeoutMs) };
  let queue = queues.get(timeoutMs);
  if (!queue) {
    queue = new DeadlineQueue(timeoutMs);
    queues.set(timeoutMs, queue);
  }
  return queue.add(expire);
}

/** Safe to call more than once, and after the deadline expired. */
export function clearDeadline(deadline: Deadline): void {
  if ("timer" in deadline) clearTimeout(deadline.timer);
  else deadline.queue?.remove(deadline);
}
