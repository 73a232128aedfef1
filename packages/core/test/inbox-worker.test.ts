import {
  createWebhooks,
  type DeliveryContext,
  type DeliveryFailure,
  type HeronWebhookError,
  type InboxStore,
  memoryInbox,
  type Worker,
} from "@heron-webhooks/core";
import { afterEach, describe, expect, it } from "vitest";
import type { RunningServer } from "../../conformance/src/index.js";
import {
  deferred,
  delivery,
  eventually,
  expectOk,
  manualClock,
  post,
  SECRET,
  serve,
  statusOf,
  T0,
} from "./inbox-helpers.js";

let server: RunningServer | undefined;
const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
  // serve() closes it once the test has finished.
  server = undefined;
});

/** Retries without jitter, 1 s then 4 s (fake time), at most `attempts`. */
const retry = (attempts: number) => ({ attempts, initialDelayMs: 1_000, factor: 4, jitter: 0 });

/** Webhooks on a fresh memory inbox and `clock`, retrying as `retry(attempts)`. */
const retrying = (clock: ReturnType<typeof manualClock>, attempts: number) =>
  createWebhooks({ secret: SECRET, inbox: memoryInbox(), clock, retry: retry(attempts) });

async function acceptOne(
  webhooks: ReturnType<typeof createWebhooks>,
  topic = "end_user.processed",
) {
  server ??= await serve(webhooks);
  expectOk(await post(server, await delivery(topic)));
  const [stored] = (await webhooks.inbox?.list())?.deliveries ?? [];
  if (!stored) throw new Error("nothing stored");
  return stored.id;
}

/** Accepts one delivery, then starts a worker polling every 10 ms. */
async function acceptAndWork(webhooks: ReturnType<typeof createWebhooks>, topic?: string) {
  const id = await acceptOne(webhooks, topic);
  workers.push(webhooks.startWorker({ pollIntervalMs: 10 }));
  return id;
}

describe("the worker", () => {
  it("runs each handler once with the event and the delivery context, then marks it done", async () => {
    const clock = manualClock();
    const seen: { topic: string; delivery: DeliveryContext }[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: memoryInbox(), clock })
      .on("end_user.processed", (event, context) => {
        seen.push({ topic: event.topic, delivery: context });
      })
      .on("end_user.*", (event, context) => {
        seen.push({ topic: `wildcard ${event.topic}`, delivery: context });
      });
    const id = await acceptAndWork(webhooks);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"));
    expect(seen.map((s) => s.topic)).toEqual(["end_user.processed", "wildcard end_user.processed"]);
    const stored = await webhooks.inbox?.get(id);
    for (const { delivery: context } of seen) {
      expect(context).toMatchObject({ id, key: stored?.key, attempt: 1, receivedAt: new Date(T0) });
    }
    expect(stored?.doneHandlers).toEqual(["end_user.processed#1", "end_user.*#1"]);
    expect(stored).not.toHaveProperty("signature");
  });

  it("retries a handler that fails twice, on the schedule, and it then succeeds", async () => {
    const clock = manualClock();
    const attempts: number[] = [];
    const failures: { attempt: number; willRetry: boolean; retryAt: Date | null }[] = [];
    const webhooks = retrying(clock, 5)
      .on("end_user.processed", (_event, context) => {
        attempts.push(context.attempt);
        if (context.attempt <= 2) throw new Error(`flaky ${context.attempt}`);
      })
      .onError((_error, _event, failure?: DeliveryFailure) => {
        if (failure)
          failures.push({
            attempt: failure.delivery.attempt,
            willRetry: failure.willRetry,
            retryAt: failure.retryAt,
          });
      });
    const id = await acceptAndWork(webhooks);
    await eventually(() => expect(attempts).toEqual([1]));
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("pending"));
    expect((await webhooks.inbox?.get(id))?.lastError).toBe("end_user.processed#1: Error: flaky 1");

    // Not before its time: 1 s of fake time after the failure.
    clock.advance(999);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(attempts).toEqual([1]);
    clock.advance(1);
    await eventually(() => expect(attempts).toEqual([1, 2]));
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("pending"));
    clock.advance(3_999);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(attempts).toEqual([1, 2]);
    clock.advance(1);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"));
    expect(attempts).toEqual([1, 2, 3]);
    expect(failures).toEqual([
      { attempt: 1, willRetry: true, retryAt: new Date(T0 + 1_000) },
      { attempt: 2, willRetry: true, retryAt: new Date(T0 + 5_000) },
    ]);
  });

  it("retries only the handlers that failed", async () => {
    const clock = manualClock();
    const runs: string[] = [];
    let failing = true;
    const webhooks = retrying(clock, 5)
      .on("pdf.failed", () => {
        runs.push("a");
      })
      .on("pdf.failed", () => {
        runs.push("b");
        if (failing) throw new Error("b is down");
      })
      .on(
        "*",
        () => {
          runs.push("c");
        },
        { name: "audit" },
      );
    const id = await acceptAndWork(webhooks, "pdf.failed");
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("pending"));
    expect([...runs].sort()).toEqual(["a", "b", "c"]);
    expect((await webhooks.inbox?.get(id))?.doneHandlers).toEqual(["pdf.failed#1", "audit"]);
    failing = false;
    clock.advance(1_000);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"));
    expect(runs.filter((run) => run === "b")).toHaveLength(2);
    expect(runs.filter((run) => run === "a")).toHaveLength(1);
    expect(runs.filter((run) => run === "c")).toHaveLength(1);
  });

  it("makes a delivery dead after the last attempt; onError hears every failure", async () => {
    const clock = manualClock();
    const heard: { code: string; attempt: number; willRetry: boolean }[] = [];
    const webhooks = retrying(clock, 3)
      .on("end_user.processed", () => {
        throw new Error(`always, with the secret ${SECRET} in the message`);
      })
      .onError((error: HeronWebhookError, _event, failure) => {
        heard.push({
          code: error.code,
          attempt: failure?.delivery.attempt ?? 0,
          willRetry: failure?.willRetry ?? false,
        });
      });
    const id = await acceptAndWork(webhooks);
    await eventually(() => expect(heard).toHaveLength(1));
    clock.advance(1_000);
    await eventually(() => expect(heard).toHaveLength(2));
    clock.advance(4_000);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("dead"));
    expect(heard).toEqual([
      { code: "HANDLER_FAILED", attempt: 1, willRetry: true },
      { code: "HANDLER_FAILED", attempt: 2, willRetry: true },
      { code: "HANDLER_FAILED", attempt: 3, willRetry: false },
    ]);
    const dead = await webhooks.inbox?.get(id);
    expect(dead?.attempt).toBe(3);
    expect(dead?.lastError).toBe(
      "end_user.processed#1: Error: always, with the secret [redacted] in the message",
    );
    expect(dead?.lastError).not.toMatch(/\bat .*:\d+:\d+/);
    // Dead stays dead, however long.
    clock.advance(10 * 86_400_000);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard).toHaveLength(3);
  });

  it("replays a dead delivery (failed handlers only) and a done one (every handler)", async () => {
    const clock = manualClock();
    const runs: string[] = [];
    let failing = true;
    const webhooks = retrying(clock, 1)
      .on("pdf.processed", () => {
        runs.push("ok");
      })
      .on("pdf.processed", () => {
        runs.push("flaky");
        if (failing) throw new Error("down");
      });
    const id = await acceptAndWork(webhooks, "pdf.processed");
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("dead"));
    failing = false;
    expect(await webhooks.inbox?.replay(id)).toBe(true);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"));
    expect(runs.sort()).toEqual(["flaky", "flaky", "ok"]);
    runs.length = 0;
    expect(await webhooks.inbox?.replay(id)).toBe(true);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"));
    expect(runs.sort()).toEqual(["flaky", "ok"]);
    expect(await webhooks.inbox?.replay(id)).toBe(true);
    expect(await webhooks.inbox?.replay("no-such-id")).toBe(false);
  });

  it("extends the lease of a handler that outlives it, so no other worker runs it", async () => {
    let running = 0;
    let runs = 0;
    let overlapped = false;
    const webhooks = createWebhooks({ secret: SECRET, inbox: memoryInbox() }).on("*", async () => {
      running += 1;
      runs += 1;
      if (running > 1) overlapped = true;
      // Four leases long, in real time.
      await new Promise((resolve) => setTimeout(resolve, 800));
      running -= 1;
    });
    const id = await acceptOne(webhooks);
    workers.push(webhooks.startWorker({ leaseMs: 200, pollIntervalMs: 10 }));
    workers.push(webhooks.startWorker({ leaseMs: 200, pollIntervalMs: 10 }));
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"), 5_000);
    expect({ runs, overlapped }).toEqual({ runs: 1, overlapped: false });
    expect((await webhooks.inbox?.get(id))?.attempt).toBe(1);
  });

  it("runs a delivery whose worker died again elsewhere once its lease ends", async () => {
    const store = memoryInbox();
    const clock = manualClock();
    const runs: number[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: store, clock }).on(
      "*",
      (_e, context) => {
        runs.push(context.attempt);
      },
    );
    const id = await acceptOne(webhooks);
    // A worker that claimed it and died: its lease is in the store, nobody extends it.
    await store.claim({ workerId: "dead-worker", limit: 1, now: clock.now(), leaseMs: 30_000 });
    workers.push(webhooks.startWorker({ pollIntervalMs: 10 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runs).toEqual([]);
    clock.advance(30_000);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"));
    expect(runs).toEqual([2]);
  });

  it("makes a delivery dead, without running it, when its last attempt never finished", async () => {
    const store = memoryInbox();
    const clock = manualClock();
    const runs: number[] = [];
    const heard: { willRetry: boolean; attempt: number }[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: store, clock, retry: retry(2) })
      .on("*", (_e, context) => {
        runs.push(context.attempt);
      })
      .onError((_error, _event, failure) => {
        if (failure)
          heard.push({ willRetry: failure.willRetry, attempt: failure.delivery.attempt });
      });
    const id = await acceptOne(webhooks);
    // Both attempts were claimed by workers that died mid-run (say, the delivery crashes the process).
    for (const worker of ["crashed-1", "crashed-2"]) {
      await store.claim({ workerId: worker, limit: 1, now: clock.now(), leaseMs: 1_000 });
      clock.advance(1_000);
    }
    workers.push(webhooks.startWorker({ pollIntervalMs: 10 }));
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("dead"));
    expect(runs).toEqual([]);
    expect(heard).toEqual([{ willRetry: false, attempt: 3 }]);
    expect((await webhooks.inbox?.get(id))?.lastError).toMatch(/attempt 2 never finished/);
    // An operator's replay runs it again, with the whole schedule.
    expect(await webhooks.inbox?.replay(id)).toBe(true);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"));
    expect(runs).toEqual([1]);
  });

  it("never lets two workers run one delivery at the same time", async () => {
    const running = new Set<string>();
    const runs = new Map<string, number>();
    let overlaps = 0;
    const webhooks = createWebhooks({ secret: SECRET, inbox: memoryInbox() }).on(
      "*",
      async (_e, context) => {
        if (running.has(context.id)) overlaps += 1;
        running.add(context.id);
        runs.set(context.id, (runs.get(context.id) ?? 0) + 1);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20));
        running.delete(context.id);
      },
    );
    const started = await serve(webhooks);
    for (let i = 0; i < 3; i++)
      workers.push(webhooks.startWorker({ concurrency: 4, pollIntervalMs: 5 }));
    await Promise.all(
      Array.from({ length: 60 }, async (_, i) =>
        expectOk(
          await post(started, await delivery("end_user.processed", { heron_id: `eus_${i}` })),
        ),
      ),
    );
    await eventually(
      async () => expect((await webhooks.inbox?.stats())?.counts.done).toBe(60),
      10_000,
    );
    expect(overlaps).toBe(0);
    expect([...runs.values()].every((count) => count === 1)).toBe(true);
    expect(runs.size).toBe(60);
  });

  it("stop() lets the running handler finish and settle, and claims nothing after", async () => {
    const release = deferred();
    const started = deferred();
    const ran: string[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: memoryInbox() }).on(
      "*",
      async (event) => {
        started.resolve();
        await release.promise;
        ran.push(event.topic);
      },
    );
    const id = await acceptOne(webhooks);
    const worker = webhooks.startWorker({ pollIntervalMs: 10 });
    await started.promise;
    let stopped = false;
    const stopping = worker.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(stopped).toBe(false);
    release.resolve();
    await stopping;
    expect(await statusOf(webhooks, id)).toBe("done");
    expect(ran).toEqual(["end_user.processed"]);
    expect(worker.stop()).toBe(worker.stop());

    expectOk(await post(server as RunningServer, await delivery("pdf.failed")));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ran).toEqual(["end_user.processed"]);
    expect((await webhooks.inbox?.stats())?.counts.pending).toBe(1);
  });

  it("pauses while the store is down, reports it once, and resumes by itself", async () => {
    const memory = memoryInbox();
    let down = true;
    let claims = 0;
    const store: InboxStore = {
      ...memory,
      waitForWork: undefined,
      async claim(options) {
        claims += 1;
        if (down) throw new Error("database is locked");
        return memory.claim(options);
      },
    };
    const errors: string[] = [];
    const ran: string[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: store })
      .on("*", (event) => {
        ran.push(event.topic);
      })
      .onError((error) => {
        errors.push(error.code);
      });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", onUnhandled);
    try {
      const id = await acceptAndWork(webhooks);
      await eventually(() => expect(claims).toBeGreaterThanOrEqual(3));
      expect(errors).toEqual(["INBOX_UNAVAILABLE"]);
      expect(ran).toEqual([]);
      down = false;
      await eventually(async () => expect(await statusOf(webhooks, id)).toBe("done"), 10_000);
      expect(ran).toEqual(["end_user.processed"]);
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", onUnhandled);
    }
  });

  it("verifies the stored body again: a body changed in the store never runs", async () => {
    const memory = memoryInbox();
    const store: InboxStore = {
      ...memory,
      async claim(options) {
        const claimed = await memory.claim(options);
        return claimed.map((d) => ({
          ...d,
          body: new TextEncoder().encode(
            Buffer.from(d.body).toString().replace("processed", "reviewed"),
          ),
        }));
      },
    };
    const ran: string[] = [];
    const codes: string[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: store, retry: retry(1) })
      .on("*", (event) => {
        ran.push(event.topic);
      })
      .onError((error) => {
        codes.push(error.code);
      });
    const id = await acceptAndWork(webhooks);
    await eventually(async () => expect(await statusOf(webhooks, id)).toBe("dead"));
    expect(ran).toEqual([]);
    expect(codes).toEqual(["SIGNATURE_MISMATCH"]);
    expect((await webhooks.inbox?.get(id))?.lastError).toMatch(/^verify: HeronWebhookError: /);
  });

  it("refuses bad worker options and startWorker without an inbox", () => {
    const webhooks = createWebhooks({ secret: SECRET, inbox: memoryInbox() });
    expect(() => webhooks.startWorker({ concurrency: 0 })).toThrow(/concurrency/);
    expect(() => createWebhooks({ secret: SECRET }).startWorker()).toThrow(/needs an inbox/);
    expect(() => createWebhooks({ secret: SECRET, inbox: {} as InboxStore })).toThrow(
      /inbox store/,
    );
    expect(() =>
      createWebhooks({ secret: SECRET, inbox: memoryInbox(), retry: { attempts: 0 } }),
    ).toThrow(/attempts/);
    expect(() =>
      webhooks.on("*", () => {}, { name: "x" }).on("*", () => {}, { name: "x" }),
    ).toThrow(/unique/);
  });
});
