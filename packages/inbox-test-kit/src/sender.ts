// Sends deliveries as Heron does: anything but the expected answer is tried again later, with a
// growing pause, until it is answered (a forged one is answered 401, a valid one 200).
import { Agent, request } from "node:http";

export interface Send {
  /** Which receiver it goes to (an index into the targets). */
  readonly receiver: number;
  readonly body: string;
  readonly signature: string;
  readonly expect: 200 | 401;
}

export interface SendCounts {
  readonly sent: number;
  readonly answered: Record<number, number>;
  /** Attempts answered 503 (the inbox could not store it, its store away) or not at all (a receiver killed). */
  readonly unavailable: number;
  readonly noAnswer: number;
}

export async function sendAll(options: {
  readonly sends: readonly Send[];
  /** The receivers' current URLs (undefined while one restarts): a restarted receiver gets a new one. */
  readonly targets: () => readonly (string | undefined)[];
  readonly concurrency: number;
  readonly deadline: number;
  /** Stops the sending with its reason, e.g. when a fault the test injects failed. */
  readonly signal?: AbortSignal;
  onProgress?(done: number): void;
}): Promise<SendCounts> {
  const answered: Record<number, number> = {};
  let unavailable = 0;
  let noAnswer = 0;
  let next = 0;
  let done = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });

  async function deliver(send: Send): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      options.signal?.throwIfAborted();
      if (Date.now() > options.deadline) throw new Error("sender: deadline passed");
      const url = options.targets()[send.receiver];
      let status: number | undefined;
      if (url) {
        try {
          status = await post(agent, url, send);
        } catch {
          status = undefined;
        }
      }
      if (status === send.expect) {
        answered[status] = (answered[status] ?? 0) + 1;
        return;
      }
      if (status === undefined) noAnswer += 1;
      else if (status === 503) unavailable += 1;
      else throw new Error(`sender: ${status} for a delivery expecting ${send.expect}`);
      // Heron waits minutes; a test waits a scaled-down, growing pause.
      await new Promise((resolve) => setTimeout(resolve, Math.min(50 * 2 ** attempt, 1_000)));
    }
  }

  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (next < options.sends.length) {
        const send = options.sends[next++] as Send;
        await deliver(send);
        done += 1;
        options.onProgress?.(done);
      }
    }),
  );
  agent.destroy();
  return { sent: options.sends.length, answered, unavailable, noAnswer };
}

/** One POST on a kept-alive connection; resolves with the status once the answer is read. */
function post(agent: Agent, url: string, send: Send): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        agent,
        timeout: 10_000,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(send.body),
          "heron-signature": send.signature,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end(send.body);
  });
}
