import { constructEvent, sign, verifySignature } from "@heron-webhooks/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jsonWithSpacedString, secretArb, spacedJson } from "../support/json.mjs";

describe("whitespace after signing", () => {
  it("whitespace inserted between tokens still verifies", async () => {
    await fc.assert(
      fc.asyncProperty(spacedJson, secretArb, async ({ compact, spaced }, secret) => {
        // The generator itself must keep the JSON valid and equal, or this would prove nothing.
        expect(JSON.parse(spaced)).toEqual(JSON.parse(compact));
        const signature = await sign(compact, secret);
        expect(await verifySignature(spaced, signature, secret)).toBe(true);
        expect(await verifySignature(Buffer.from(spaced), signature, secret)).toBe(true);
      }),
    );
  });

  it("a pretty-printed event still constructs, equal to the signed one", async () => {
    const envelope = fc.record({
      topic: fc.string({ minLength: 1 }),
      created: fc.constant("2021-05-20T09:23:53+00:00"),
      data: fc.dictionary(fc.string(), fc.jsonValue()),
      meta: fc.jsonValue(),
    });
    await fc.assert(
      fc.asyncProperty(envelope, secretArb, fc.nat({ max: 4 }), async (event, secret, indent) => {
        const signature = await sign(JSON.stringify(event), secret);
        const pretty = JSON.stringify(event, null, indent);
        expect(await constructEvent(pretty, signature, secret)).toEqual(JSON.parse(pretty));
      }),
    );
  });

  it("whitespace inserted inside a string fails", async () => {
    await fc.assert(
      fc.asyncProperty(jsonWithSpacedString, secretArb, async ({ compact, spaced }, secret) => {
        const signature = await sign(compact, secret);
        expect(await verifySignature(spaced, signature, secret)).toBe(false);
      }),
    );
  });
});
