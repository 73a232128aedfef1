// A worker that claims one delivery and runs its handler atomically: the handler writes its effect
// through `delivery.db`, says so, and then hangs before the commit, so the test can kill -9 it there.

import pg from "pg";
import { postgresInbox } from "../../dist/index.js";

const [url, schema, workerId, now] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: url, options: `-c search_path=${schema}` });
pool.on("error", () => {});
const store = postgresInbox({ pool, schema });
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

const [claimed] = await store.claim({ workerId, limit: 1, now: Number(now), leaseMs: 30_000 });
print({ claimed: claimed?.id ?? null });
await store.runHandlerAtomically(claimed.id, workerId, "apply", Number(now), async ({ db }) => {
  await db.query("INSERT INTO effects (delivery_id) VALUES ($1)", [claimed.id]);
  print({ written: claimed.id });
  await new Promise(() => {});
});
