// One delivery through the store's whole life on the package's build, under whichever runtime runs
// this script (Bun, Deno, the CommonJS build on Node). Prints `runtime: …` and `ok`, or throws.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const cjs = process.argv.includes("--cjs");
const { sqliteInbox } = cjs
  ? createRequire(import.meta.url)("../../dist/index.cjs")
  : await import("../../dist/index.js");
const runtime = globalThis.Bun
  ? `bun ${Bun.version}`
  : globalThis.Deno
    ? `deno ${Deno.version.deno}`
    : `node ${process.versions.node}`;
console.log(`runtime: ${runtime}${cjs ? " (cjs)" : ""}`);

const dir = mkdtempSync(join(tmpdir(), "heron-sqlite-smoke-"));
const check = (ok, what) => {
  if (!ok) throw new Error(`failed: ${what}`);
};
try {
  const path = join(dir, "inbox.sqlite");
  const store = sqliteInbox({ path });
  const body = new Uint8Array([0, 1, 254, 255]);
  const delivery = {
    id: "d1",
    key: "k1",
    topic: "pdf.failed",
    body,
    signature: "c2ln",
    receivedAt: 1_000,
  };
  check((await store.accept(delivery, { retainSince: 0 })).duplicate === false, "accept");
  check(
    (await store.accept({ ...delivery, id: "d2" }, { retainSince: 0 })).duplicate === true,
    "duplicate",
  );
  const [claimed] = await store.claim({ workerId: "w", limit: 5, now: 2_000, leaseMs: 1_000 });
  check(claimed?.id === "d1" && claimed.attempt === 1, "claim");
  check(Buffer.from(claimed.body).equals(Buffer.from(body)), "body bytes");
  check(await store.recordHandlerDone("d1", "w", "h", 2_001), "handler done");
  check(await store.settle("d1", "w", { status: "done", now: 2_002 }), "settle");
  await store.close();
  const reopened = sqliteInbox({ path });
  const stored = await reopened.get("d1");
  check(stored?.status === "done" && stored.doneHandlers.join() === "h", "reopened");
  await reopened.close();
  console.log("ok");
} finally {
  rmSync(dir, { recursive: true, force: true });
}
