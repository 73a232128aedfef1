// Prints what the inbox holds: its stats and the key and status of every delivery.
import { sqliteInbox } from "../../dist/index.js";

const inbox = sqliteInbox({ path: process.argv[2] });
const deliveries = [];
let cursor;
do {
  const page = await inbox.list({ limit: 1000, cursor });
  deliveries.push(...page.deliveries.map(({ key, status, attempt }) => ({ key, status, attempt })));
  cursor = page.nextCursor;
} while (cursor);
process.stdout.write(JSON.stringify({ stats: await inbox.stats(), deliveries }));
await inbox.close();
