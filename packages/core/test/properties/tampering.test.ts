import { sign, verifySignature } from "@heron-webhooks/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactJson, secretArb } from "../support/json.mjs";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const SIGNATURE_CHARS = `${BASE64}=-_ .%`;

/** A body's bytes with one byte changed: to whitespace, a quote, or any other value. */
const changedByte = (bytes: Uint8Array) =>
  fc
    .tuple(
      fc.nat({ max: bytes.length - 1 }),
      fc.oneof(fc.constantFrom(0x20, 0x0a, 0x09, 0x0d, 0x22, 0x5c), fc.nat({ max: 255 })),
    )
    .filter(([index, value]) => bytes[index] !== value)
    .map(([index, value]) => {
      const changed = bytes.slice();
      changed[index] = value;
      return changed;
    });

describe("tampering", () => {
  it("changing any byte of a compact JSON body fails", async () => {
    const cases = fc.tuple(compactJson, secretArb).chain(([json, secret]) => {
      const bytes = new TextEncoder().encode(json);
      return fc.tuple(fc.constant(bytes), fc.constant(secret), changedByte(bytes));
    });
    await fc.assert(
      fc.asyncProperty(cases, async ([bytes, secret, changed]) => {
        const signature = await sign(bytes, secret);
        expect(await verifySignature(changed, signature, secret)).toBe(false);
      }),
    );
  });

  it("changing any byte of any body fails", async () => {
    const cases = fc
      .tuple(fc.uint8Array({ minLength: 1, maxLength: 512 }), secretArb)
      .chain(([bytes, secret]) =>
        fc.tuple(fc.constant(bytes), fc.constant(secret), changedByte(bytes)),
      );
    await fc.assert(
      fc.asyncProperty(cases, async ([bytes, secret, changed]) => {
        expect(await verifySignature(changed, await sign(bytes, secret), secret)).toBe(false);
      }),
    );
  });

  it("changing any character of the signature fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        secretArb,
        fc.nat({ max: 43 }),
        fc.constantFrom(...SIGNATURE_CHARS),
        async (body, secret, index, char) => {
          const signature = await sign(body, secret);
          fc.pre(signature[index] !== char);
          const changed = signature.slice(0, index) + char + signature.slice(index + 1);
          expect(await verifySignature(body, changed, secret)).toBe(false);
        },
      ),
    );
  });

  // Base64 of 32 bytes leaves two unused bits in the last character; they must not be ignored.
  it("changing the unused bits of the last signature character fails", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        secretArb,
        fc.integer({ min: 1, max: 3 }),
        async (body, secret, bits) => {
          const signature = await sign(body, secret);
          const last = BASE64[BASE64.indexOf(signature[42] as string) ^ bits] as string;
          const changed = `${signature.slice(0, 42)}${last}=`;
          expect(await verifySignature(body, changed, secret)).toBe(false);
        },
      ),
    );
  });
});
