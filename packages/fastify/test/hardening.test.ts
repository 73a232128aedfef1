// Fastify's own timeouts against heron-webhooks' body deadline: Fastify sets none by default, and
// a longer one of its own must not get in the way of the 408.
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterEach, describe, expect, it } from "vitest";
import { stallBody } from "../../conformance/src/raw.js";
import { heronWebhooks } from "../src/index.js";
import { majors } from "./majors.js";

const secret = "whsec_fastify_hardening";
const BODY_TIMEOUT_MS = 300;
let close: (() => Promise<void>) | undefined;

afterEach(async () => {
  await close?.();
  close = undefined;
});

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
      const delivery = await createTestDelivery({ topic: "end_user.processed", secret });
      const outcome = await stallBody(`${origin}/webhooks/heron`, delivery, 10_000);
      expect(outcome.answers).toEqual([[408, '{"error":"BODY_TIMEOUT"}']]);
      expect(outcome.closed).toBe(true);
      expect(outcome.elapsedMs).toBeGreaterThanOrEqual(BODY_TIMEOUT_MS - 5);
      expect(outcome.elapsedMs).toBeLessThan(5_000);
    },
  );
});
