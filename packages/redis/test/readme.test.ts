// The README's quickstart, its two files exactly as written there, run as two processes on the
// builds: a delivery is answered 200 and the worker runs it once, though it was sent twice.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { describe, expect, it } from "vitest";
import { deleteKeys, majors, redisAvailable, redisUrl, uniquePrefix } from "./support/redis.js";

const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
const [receiverJs, workerJs] = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
const secret = "whsec_readme_quickstart";

function lines(child: ChildProcess, stream: "stdout" | "stderr"): string[] {
  const seen: string[] = [];
  child[stream]?.setEncoding("utf8").on("data", (text: string) => seen.push(...text.split("\n")));
  return seen;
}

async function until<T>(find: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.skipIf(!redisAvailable)("the README quickstart", () => {
  it("opens with receiver.js and worker.js", () => {
    expect(receiverJs).toMatch(/^\/\/ receiver\.js\n/);
    expect(workerJs).toMatch(/^\/\/ worker\.js\n/);
  });

  it("stores a delivery in one process and runs it once in another", async () => {
    // Inside the package, so the files import it (and its dependencies) by name, as a user would.
    const dir = fileURLToPath(new URL(`./.quickstart-${process.pid}/`, import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}receiver.js`, receiverJs ?? "");
    writeFileSync(`${dir}worker.js`, workerJs ?? "");
    const prefix = uniquePrefix("readme");
    const env = {
      ...process.env,
      HERON_WEBHOOK_SECRET: secret,
      REDIS_URL: redisUrl,
      HERON_INBOX_PREFIX: prefix,
      PORT: "0",
    };
    const start = (file: string) =>
      spawn(process.execPath, [file], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    const receiver = start("receiver.js");
    const worker = start("worker.js");
    const receiverErr = lines(receiver, "stderr");
    const workerOut = lines(worker, "stdout");
    const admin = majors[1].connect();
    try {
      const port = await until(
        () => receiverErr.join("\n").match(/listening on http:\/\/127\.0\.0\.1:(\d+)/)?.[1],
        "listening line",
      );
      const { body, headers } = await createTestDelivery({ topic: "end_user.processed", secret });
      for (let i = 0; i < 2; i += 1) {
        const response = await fetch(`http://127.0.0.1:${port}/webhooks/heron`, {
          method: "POST",
          headers,
          body,
        });
        expect(response.status).toBe(200);
      }
      const printed = await until(
        () => workerOut.find((line) => line.includes('"delivery"')),
        "delivery printed by the worker",
      );
      expect(JSON.parse(printed)).toMatchObject({
        attempt: 1,
        event: { topic: "end_user.processed" },
      });
      // Give a second run (there must be none) the time to show.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(workerOut.filter((line) => line.includes('"delivery"'))).toHaveLength(1);
    } finally {
      for (const child of [receiver, worker]) {
        child.kill("SIGTERM");
        if (child.exitCode === null) await once(child, "exit");
      }
      rmSync(dir, { recursive: true, force: true });
      await deleteKeys(admin, prefix);
      await admin.quit();
    }
  });
});
