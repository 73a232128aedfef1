// The signature properties against core's build, on whichever runtime runs this file.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import {
  bodyForms,
  compactJson,
  jsonWithSpacedString,
  secretArb,
  spacedJson,
} from "../support/json.mjs";
import { check, finish } from "./harness.mjs";
import { core } from "./load-core.mjs";

const { sign, verifySignature, constructEvent, HeronWebhookError } = core;
const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

await check("sign then verify holds for every body form", () =>
  fc.assert(
    fc.asyncProperty(fc.string({ unit: "binary" }), secretArb, async (text, secret) => {
      const signature = await sign(text, secret);
      const oracle = createHmac("sha256", new TextEncoder().encode(secret)).update(text);
      assert.equal(signature, oracle.digest("base64"));
      for (const body of Object.values(bodyForms(text))) {
        assert.equal(await verifySignature(body, signature, secret), true);
      }
    }),
  ),
);

await check("changing any byte of a compact body fails", () =>
  fc.assert(
    fc.asyncProperty(
      compactJson,
      secretArb,
      fc.nat(),
      fc.integer({ min: 1, max: 255 }),
      async (json, secret, at, xor) => {
        const bytes = new TextEncoder().encode(json);
        const changed = bytes.slice();
        changed[at % bytes.length] ^= xor;
        assert.equal(await verifySignature(changed, await sign(bytes, secret), secret), false);
      },
    ),
  ),
);

await check("changing any character of the signature fails", () =>
  fc.assert(
    fc.asyncProperty(
      fc.string(),
      secretArb,
      fc.nat({ max: 43 }),
      fc.constantFrom(...`${BASE64}=-_ `),
      async (body, secret, index, char) => {
        const signature = await sign(body, secret);
        fc.pre(signature[index] !== char);
        const changed = signature.slice(0, index) + char + signature.slice(index + 1);
        assert.equal(await verifySignature(body, changed, secret), false);
      },
    ),
  ),
);

await check("changing the unused bits of the last signature character fails", () =>
  fc.assert(
    fc.asyncProperty(
      fc.string(),
      secretArb,
      fc.integer({ min: 1, max: 3 }),
      async (body, secret, bits) => {
        const signature = await sign(body, secret);
        const last = BASE64[BASE64.indexOf(signature[42]) ^ bits];
        assert.equal(
          await verifySignature(body, `${signature.slice(0, 42)}${last}=`, secret),
          false,
        );
      },
    ),
  ),
);

await check("whitespace between tokens still verifies", () =>
  fc.assert(
    fc.asyncProperty(spacedJson, secretArb, async ({ compact, spaced }, secret) => {
      assert.deepEqual(JSON.parse(spaced), JSON.parse(compact));
      assert.equal(await verifySignature(spaced, await sign(compact, secret), secret), true);
    }),
  ),
);

await check("whitespace inside a string fails", () =>
  fc.assert(
    fc.asyncProperty(jsonWithSpacedString, secretArb, async ({ compact, spaced }, secret) => {
      assert.equal(await verifySignature(spaced, await sign(compact, secret), secret), false);
    }),
  ),
);

await check("junk never throws and never verifies", () =>
  fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string({ unit: "binary" }), fc.uint8Array(), fc.anything()),
      fc.oneof(fc.base64String(), fc.string(), fc.anything()),
      fc.oneof(secretArb, fc.array(secretArb), fc.anything()),
      async (body, header, secret) => {
        assert.equal(await verifySignature(body, header, secret), false);
        const error = await constructEvent(body, header, "sec_junk").catch((e) => e);
        assert.ok(error instanceof HeronWebhookError, `constructEvent gave ${error}`);
      },
    ),
    { numRuns: 200 },
  ),
);

finish();
