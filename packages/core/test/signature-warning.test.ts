import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createNodeHandler, createWebhooks } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { afterEach, describe, expect, it, vi } from "vitest";

const secret = "sec_configured_2c41";
let server: Server | undefined;

afterEach(async () => {
  vi.restoreAllMocks();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function receiver(webhooks: ReturnType<typeof createWebhooks>): Promise<string> {
  server = createServer(createNodeHandler(webhooks));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

describe("a receiver with the wrong secret", () => {
  it("without onError, warns once (not per delivery) and never logs the signature or secret", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const url = await receiver(createWebhooks({ secret }));
    const signatures: string[] = [];
    for (let i = 0; i < 5; i++) {
      const delivery = await createTestDelivery({
        topic: "end_user.processed",
        secret: `other_${i}`,
      });
      signatures.push(delivery.headers["heron-signature"]);
      expect((await fetch(url, { method: "POST", ...delivery })).status).toBe(401);
    }
    expect(warn).toHaveBeenCalledTimes(1);
    const line = String(warn.mock.calls[0]?.[0]);
    expect(line).toMatch(/failed signature verification.*secret is wrong/);
    for (const leaked of [secret, ...signatures]) expect(line).not.toContain(leaked);
  });

  it("with onError, leaves the failures to it and warns nothing", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const codes: string[] = [];
    const url = await receiver(
      createWebhooks({ secret }).onError((error) => codes.push(error.code)),
    );
    const delivery = await createTestDelivery({ topic: "end_user.processed", secret: "other" });
    expect((await fetch(url, { method: "POST", ...delivery })).status).toBe(401);
    expect(codes).toEqual(["SIGNATURE_MISMATCH"]);
    expect(warn).not.toHaveBeenCalled();
  });
});
