// Fills a new inbox, through the store interface, with one delivery in each state a worker leaves
// them in. `fill-inbox.mjs sqlite PATH` (Node 22.13+), `postgres URL SCHEMA` or `redis URL PREFIX`.
import { createTestDelivery } from "../../../core/dist/testing.js";

async function open([kind, where, name]) {
  if (kind === "sqlite")
    return (await import("../../../sqlite/dist/index.js")).sqliteInbox({ path: where });
  if (kind === "redis") {
    return (await import("../../../redis/dist/index.js")).redisInbox({
      connection: where,
      prefix: name,
    });
  }
  const { postgresInbox } = await import("../../../postgres/dist/index.js");
  const inbox = postgresInbox({ connectionString: where, schema: name });
  await inbox.migrate();
  return inbox;
}

const DAY = 86_400_000;
const now = Date.now();
const store = await open(process.argv.slice(2));
const plan = [
  { id: "dlv_dead", topic: "pdf.failed", age: 10 * DAY },
  { id: "dlv_old_done", topic: "end_user.processed", age: 9 * DAY },
  { id: "dlv_done", topic: "end_user.reviewed", age: 3_600_000 },
  { id: "dlv_pending", topic: "transactions.deleted", age: 0 },
];
for (const { id, topic, age } of plan) {
  const { body, headers } = await createTestDelivery({ topic, secret: "whsec_fill" });
  await store.accept(
    {
      id,
      key: `key_${id}`,
      topic,
      body: new TextEncoder().encode(body),
      signature: headers["heron-signature"],
      receivedAt: now - age,
    },
    { retainSince: 0 },
  );
}
const claimed = await store.claim({ workerId: "w1", limit: 10, now, leaseMs: 60_000 });
for (const { id } of claimed) {
  const settlement =
    id === "dlv_dead"
      ? { status: "dead", now, error: "HANDLER_FAILED: sendEmail: mail server down" }
      : id === "dlv_pending"
        ? { status: "pending", now, runAt: now + 3_600_000, error: "HANDLER_FAILED: retry later" }
        : { status: "done", now };
  await store.settle(id, "w1", settlement);
}
await store.close();
console.log(JSON.stringify(plan.map(({ id }) => id)));
