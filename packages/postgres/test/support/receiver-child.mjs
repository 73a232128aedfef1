// A receiver of the multi-process test: Fastify or Koa with the Postgres inbox, on the builds.
import { createWebhooks } from "@heron-webhooks/core";
import { serveReceiver } from "@heron-webhooks/inbox-test-kit/receiver";
import { postgresInbox } from "../../dist/index.js";

const [kind, connectionString, schema, secret] = process.argv.slice(2);
const inbox = postgresInbox({ connectionString, schema });
// Store outages are answered 503 and expected here; the test counts them from the sender's side.
const webhooks = createWebhooks({ secret, inbox }).onError(() => {});
await serveReceiver(kind, webhooks);
