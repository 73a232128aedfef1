import { createHmac } from "node:crypto";
import { sign, verifySignature } from "@heron-webhooks/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodyForms, secretArb } from "../support/json.mjs";

// An independent HMAC, so sign and verify cannot agree on a wrong answer.
function oracle(body: string | Uint8Array, secret: string): string {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("base64");
}

describe("sign then verify", () => {
  it("holds for any text body, as string, Uint8Array, ArrayBuffer and offset view", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary" }), secretArb, async (text, secret) => {
        const signature = await sign(text, secret);
        expect(signature).toBe(oracle(text, secret));
        for (const body of Object.values(bodyForms(text))) {
          expect(await verifySignature(body, signature, secret)).toBe(true);
          expect(await sign(body, secret)).toBe(signature);
        }
      }),
    );
  });

  it("holds for any bytes, as Uint8Array, Buffer and ArrayBuffer", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), secretArb, async (bytes, secret) => {
        const signature = await sign(bytes, secret);
        expect(signature).toBe(oracle(bytes, secret));
        const forms = [bytes, Buffer.from(bytes), bytes.slice().buffer];
        for (const body of forms) expect(await verifySignature(body, signature, secret)).toBe(true);
      }),
    );
  });

  it("fails with any other secret", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string(), secretArb, secretArb, async (body, secret, other) => {
        fc.pre(Buffer.from(secret).compare(Buffer.from(other)) !== 0);
        expect(await verifySignature(body, await sign(body, secret), other)).toBe(false);
      }),
    );
  });
});
