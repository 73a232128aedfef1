import { createWebhooks, memoryInbox } from "@heron-webhooks/core";
import { describe, expect, it } from "vitest";
import {
  delivery,
  eventually,
  expectOk,
  manualClock,
  post,
  SECRET,
  serve,
  T0,
} from "./inbox-helpers.js";

describe("operating the inbox: webhooks.inbox", () => {
  it("lists, gets, replays every dead delivery, purges and counts", async () => {
    const clock = manualClock();
    let failing = true;
    const webhooks = createWebhooks({
      secret: SECRET,
      inbox: memoryInbox(),
      clock,
      retentionDays: 7,
      retry: { attempts: 1 },
    })
      .on("pdf.failed", () => {
        if (failing) throw new Error("no");
      })
      .onError(() => {});
    const inbox = webhooks.inbox;
    if (!inbox) throw new Error("no inbox");
    const server = await serve(webhooks);
    for (const topic of ["pdf.failed", "pdf.processed", "pdf.failed"]) {
      expectOk(await post(server, await delivery(topic)));
      clock.advance(1_000);
    }
    expect(await inbox.stats()).toEqual({
      counts: { pending: 3, running: 0, done: 0, dead: 0 },
      oldestPendingAgeMs: 3_000,
    });
    const worker = webhooks.startWorker({ pollIntervalMs: 10 });
    try {
      await eventually(async () =>
        expect((await inbox.stats()).counts).toEqual({ pending: 0, running: 0, done: 1, dead: 2 }),
      );
      const dead = await inbox.list({ status: "dead" });
      expect(dead.deliveries.map((d) => d.topic)).toEqual(["pdf.failed", "pdf.failed"]);
      expect(dead.deliveries[0]?.receivedAt).toBe(T0 + 2_000);
      const page = await inbox.list({ limit: 2 });
      expect(page.deliveries).toHaveLength(2);
      const rest = await inbox.list({ limit: 2, cursor: page.nextCursor });
      expect(rest.deliveries.map((d) => d.topic)).toEqual(["pdf.failed"]);
      const one = await inbox.get(dead.deliveries[0]?.id ?? "");
      expect(one).toMatchObject({
        status: "dead",
        attempt: 1,
        lastError: "pdf.failed#1: Error: no",
      });
      expect(one).not.toHaveProperty("signature");
      expect(await inbox.get("nope")).toBeUndefined();

      failing = false;
      expect(await inbox.replayDead()).toBe(2);
      await eventually(async () => expect((await inbox.stats()).counts.done).toBe(3));
      expect(await inbox.stats()).toMatchObject({ oldestPendingAgeMs: null });
    } finally {
      await worker.stop();
    }
    // Purge by age: by default what is older than the retention, or before a given time, but never
    // inside the retention: the stored key is what makes Heron's repeat a duplicate.
    expect(await inbox.purge()).toBe(0);
    expect(await inbox.purge({ olderThan: new Date(T0 + 1_500) })).toBe(0);
    clock.advance(7 * 86_400_000);
    expect(await inbox.purge({ olderThan: new Date(T0 + 1_500) })).toBe(2);
    expect(await inbox.purge()).toBe(1);
    expect((await inbox.list()).deliveries).toEqual([]);
    await expect(inbox.purge({ olderThan: Number.NaN })).rejects.toThrow(/olderThan/);
  });
});
