// A receiver of the multi-process test: Fastify or Koa over the Redis inbox, from the builds.
import { createWebhooks } from "@heron-webhooks/core";
import { serveReceiver } from "@heron-webhooks/inbox-test-kit/receiver";
import { redisInbox } from "../../dist/index.js";

const [framework, url, prefix, secret] = process.argv.slice(2);
const inbox = redisInbox({ connection: url, prefix });
// 503s while Redis is away are expected; the sender counts them.
const webhooks = createWebhooks({ secret, inbox }).onError(() => {});
await serveReceiver(framework, webhooks);
