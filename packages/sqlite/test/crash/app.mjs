// The webhooks of the crash test's receiver and workers: one SQLite inbox, two handlers for every
// topic. Each handler appends a start line, and a done (or fail) line, to a log shared by every
// process. A plain write(2) to a file opened for appending is in the OS page cache when it returns,
// so it survives a kill -9 of the process (the failure under test) without an fsync.
import { closeSync, openSync, writeSync } from "node:fs";
import { createWebhooks } from "@heron-webhooks/core";
import { sqliteInbox } from "../../dist/index.js";

export const SECRET = "whsec_crash_test_only";

export function crashWebhooks({ path, log }) {
  const fd = openSync(log, "a");
  const write = (kind, event, delivery, handler) =>
    writeSync(
      fd,
      `${JSON.stringify({ t: Date.now(), pid: process.pid, kind, seq: event.data.seq, handler, attempt: delivery.attempt, id: delivery.id })}\n`,
    );
  const inbox = sqliteInbox({ path });
  const webhooks = createWebhooks({
    secret: SECRET,
    inbox,
    // Retries due within a fraction of a second, so the test need not wait for real backoff.
    retry: { attempts: 5, initialDelayMs: 50, factor: 2, maxDelayMs: 500 },
  });
  for (const handler of ["audit", "apply"]) {
    webhooks.on(
      "*",
      async (event, delivery) => {
        write("start", event, delivery, handler);
        // Long enough that a kill often lands inside a handler.
        await new Promise((resolve) => setTimeout(resolve, (event.data.seq * 7) % 11));
        if (handler === "apply" && event.data.failFirst && delivery.attempt === 1) {
          write("fail", event, delivery, handler);
          throw new Error("apply fails on its first attempt");
        }
        write("done", event, delivery, handler);
      },
      { name: handler },
    );
  }
  webhooks.onError(() => {});
  const close = async () => {
    await inbox.close();
    closeSync(fd);
  };
  return { webhooks, close };
}
