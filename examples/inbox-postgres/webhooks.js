import { createWebhooks } from "@heron-webhooks/core";
import { postgresInbox } from "@heron-webhooks/postgres";
import pg from "pg";

const secret = process.env.HERON_WEBHOOK_SECRET;
if (!secret) {
  console.error("Set HERON_WEBHOOK_SECRET to the webhook secret from your Heron dashboard.");
  process.exit(1);
}

// The app's own pool: the inbox borrows it, and handlers write to the app's tables through it.
export const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
});
pool.on("error", (error) => console.error(`postgres: ${error.message}`));

export const inbox = postgresInbox({ pool });
// Creates or upgrades the inbox tables (safe from both processes at once), and the app's own table.
await inbox.migrate();
await pool.query(
  "CREATE TABLE IF NOT EXISTS end_users (heron_id text PRIMARY KEY, status text NOT NULL)",
);

export const webhooks = createWebhooks({ secret, inbox });

// Runs in the worker. `delivery.db` is the transaction that records this handler's success: the
// write below and that record commit together, so it is applied once even if the worker dies.
webhooks.on(
  "end_user.*",
  async (event, delivery) => {
    await delivery.db.query(
      `INSERT INTO end_users (heron_id, status) VALUES ($1, $2)
       ON CONFLICT (heron_id) DO UPDATE SET status = EXCLUDED.status`,
      [event.data.heron_id, event.data.status],
    );
  },
  { name: "save-end-user" },
);

// Every verified event, known topic or not, as one JSON line.
webhooks.on("*", (event) => console.log(JSON.stringify(event)), { name: "print" });
