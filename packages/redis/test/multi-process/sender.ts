// Sends deliveries as Heron does: what gets no 200 (or, forged, no 401) is sent again later, with
// a growing pause, until it is answered as it should be.

export interface Send {
  /** Which receiver it goes to. */
  readonly receiver: number;
  readonly body: string;
  readonly signature: string;
  readonly expect: 200 | 401;
}

export interface SendCounts {
  readonly sent: number;
  readonly ok: number;
  readonly refused: number;
  /** Attempts answered 503 (the inbox could not store it) or not at all (a receiver killed). */
  readonly unavailable: number;
  readonly noAnswer: number;
}

export async function sendAll(options: {
  readonly sends: readonly Send[];
  /** The receivers' URLs now; undefined while one restarts. */
  readonly targets: () => readonly (string | undefined)[];
  readonly concurrency: number;
  readonly deadline: number;
  onProgress?(sent: number): void;
}): Promise<SendCounts> {
  let ok = 0;
  let refused = 0;
  let unavailable = 0;
  let noAnswer = 0;
  let next = 0;
  let sent = 0;

  async function attempt(send: Send): Promise<number | undefined> {
    const url = options.targets()[send.receiver];
    if (!url) return undefined;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "heron-signature": send.signature },
        body: send.body,
        // Heron's own timeout.
        signal: AbortSignal.timeout(10_000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return undefined;
    }
  }

  async function deliver(send: Send): Promise<void> {
    for (let tries = 1; ; tries += 1) {
      if (Date.now() > options.deadline) throw new Error("sender: past the deadline");
      const status = await attempt(send);
      if (status === send.expect) {
        if (status === 200) ok += 1;
        else refused += 1;
        return;
      }
      if (status === undefined) noAnswer += 1;
      else if (status === 503) unavailable += 1;
      else throw new Error(`sender: ${status} for a delivery that expects ${send.expect}`);
      // Heron waits minutes between tries; the test scales that down.
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** tries, 1_000)));
    }
  }

  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.sends.length) {
        const send = options.sends[next] as Send;
        next += 1;
        await deliver(send);
        sent += 1;
        options.onProgress?.(sent);
      }
    }),
  );
  return { sent, ok, refused, unavailable, noAnswer };
}
