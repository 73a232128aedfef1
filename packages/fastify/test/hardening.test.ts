// Fastify's own timeouts against heron-webhooks' body deadline: Fastify sets none by default, and
// a longer one of its own must not get in the way of the 408.
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  closedWithin,
  openConnection,
  parseResponses,
  rawRequest,
  writeAll,
} from "../../conformance/src/raw.js";
import { heronWebhooks } from "../src/index.js";
import { majors } from "./majors.js";

const secret = "whsec_fastify_hardening";
const BODY_TIMEOUT_MS = 300;
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

/** Headers and one byte of a delivery's body, then nothing: what the deadline is for. */
async function stallBody(url: string) {
  const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
  const request = rawRequest(url, {
    headers: Object.entries(delivery.headers),
    body: delivery.body,
  });
  const connection = await openConnection(url);
  const started = Date.now();
  await writeAll(connection.socket, request.subarray(0, request.indexOf("\r\n\r\n") + 5));
  const closed = await closedWithin(connection, 10_000);
  const elapsed = Date.now() - started;
  connection.socket.destroy();
  const answers = parseResponses(connection.received());
  return { closed, elapsed, answers: answers.map((answer) => [answer.status, answer.text]) };
}

const fastifyTimeouts = [
  { name: "Fastify's defaults (no request or connection timeout)", options: {} },
  {
    name: "a longer requestTimeout and connectionTimeout of Fastify's",
    options: { requestTimeout: 5_000, connectionTimeout: 8_000 },
  },
];

describe.each(majors)("$name", ({ create }) => {
  it.each(fastifyTimeouts)(
    "answers a stalled body 408 at bodyTimeoutMs with $name",
    async ({ options }) => {
      // A copy: Fastify writes into the options it is given.
      const app = create({ ...options });
      app.register(heronWebhooks, {
        secret,
        path: "/webhooks/heron",
        bodyTimeoutMs: BODY_TIMEOUT_MS,
      });
      const origin = await app.listen({ port: 0, host: "127.0.0.1" });
      close = async () => void (await app.close());
      const outcome = await stallBody(`${origin}/webhooks/heron`);
      expect(outcome.answers).toEqual([[408, '{"error":"BODY_TIMEOUT"}']]);
      expect(outcome.closed).toBe(true);
      expect(outcome.elapsed).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 5);
      expect(outcome.elapsed).toBeLessThan(5_000);
    },
  );
});
