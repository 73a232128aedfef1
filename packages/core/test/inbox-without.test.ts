import { createWebhooks, type DeliveryContext, isHeronWebhookError } from "@heron-webhooks/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { delivery, expectOk, manualClock, post, SECRET, serve } from "./inbox-helpers.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("without an inbox", () => {
  it("runs handlers in the request with a context whose attempt is 1 and whose inbox fields throw", async () => {
    const contexts: DeliveryContext[] = [];
    const webhooks = createWebhooks({ secret: SECRET }).on("*", (_event, context) => {
      contexts.push(context);
    });
    const server = await serve(webhooks);
    expectOk(await post(server, await delivery()));
    expect(contexts).toHaveLength(1);
    const [context] = contexts as [DeliveryContext];
    expect(context.attempt).toBe(1);
    for (const field of ["id", "key", "receivedAt"] as const) {
      let thrown: unknown;
      try {
        void context[field];
      } catch (error) {
        thrown = error;
      }
      expect(isHeronWebhookError(thrown) && thrown.code).toBe("INVALID_CONFIG");
      expect(String((thrown as Error).message)).toContain("inbox");
    }
    expect(webhooks.inbox).toBeUndefined();
  });

  it("warns once, pointing to the inbox, when handlers take more than 8 s", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const clock = manualClock();
    let took = 8_001;
    const webhooks = createWebhooks({ secret: SECRET, clock }).on("*", async () => {
      clock.advance(took);
    });
    const server = await serve(webhooks);
    took = 7_999;
    expectOk(await post(server, await delivery()));
    expect(warn).not.toHaveBeenCalled();
    took = 8_001;
    expectOk(await post(server, await delivery()));
    expectOk(await post(server, await delivery()));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/took 8\.0 s.*inbox/s);
  });
});
