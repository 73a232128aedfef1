// Core's signature properties, written once, runtime-neutral: vitest runs them on the sources
// (properties.test.ts) and the runtime scripts on the build under Node 20/22/24, Bun and Deno.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { createHmac } from "node:crypto";
import fc from "fast-check";
import { bodyForms, compactJson, jsonWithSpacedString, secretArb, spacedJson } from "./json.mjs";

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// An independent HMAC, so sign and verify cannot agree on a wrong answer.
function oracle(body, secret) {
  return createHmac("sha256", Buffer.from(secret, "utf8")).update(body).digest("base64");
}

/** A body's bytes with one byte changed: to whitespace, a quote, or any other value. */
function changedByte(bytes) {
  return fc
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
}

const withChangedByte = (bodies) =>
  fc
    .tuple(bodies, secretArb)
    .chain(([bytes, secret]) =>
      fc.tuple(fc.constant(bytes), fc.constant(secret), changedByte(bytes)),
    );

const wellFormedSignature = fc
  .uint8Array({ minLength: 32, maxLength: 32 })
  .map((bytes) => Buffer.from(bytes).toString("base64"));

const junkHeader = fc.oneof(
  wellFormedSignature,
  wellFormedSignature.map((signature) => ` \t${signature}\n`),
  fc.base64String(),
  fc.string({ unit: "binary" }),
  fc.anything(),
);

const junkBody = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.uint8Array(),
  fc.uint8Array().map((bytes) => bytes.slice().buffer),
  fc.anything(),
);

const junkSecret = fc.oneof(
  secretArb,
  fc.array(secretArb, { minLength: 1, maxLength: 3 }),
  fc.anything(),
);

/** `[name, run]` pairs; `run` rejects when the property fails. */
export function signatureProperties(core) {
  const { sign, verifySignature, findMatchingSecret, constructEvent, isHeronWebhookError } = core;
  return [
    [
      "sign then verify holds for any text body, as string, Uint8Array, ArrayBuffer and offset view",
      () =>
        fc.assert(
          fc.asyncProperty(fc.string({ unit: "binary" }), secretArb, async (text, secret) => {
            const signature = await sign(text, secret);
            assert.equal(signature, oracle(text, secret));
            for (const body of Object.values(bodyForms(text))) {
              assert.equal(await verifySignature(body, signature, secret), true);
              assert.equal(await sign(body, secret), signature);
            }
          }),
        ),
    ],
    [
      "sign then verify holds for any bytes, as Uint8Array, Buffer and ArrayBuffer",
      () =>
        fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), secretArb, async (bytes, secret) => {
            const signature = await sign(bytes, secret);
            assert.equal(signature, oracle(bytes, secret));
            for (const body of [bytes, Buffer.from(bytes), bytes.slice().buffer]) {
              assert.equal(await verifySignature(body, signature, secret), true);
            }
          }),
        ),
    ],
    [
      "verifying with any other secret fails",
      () =>
        fc.assert(
          fc.asyncProperty(fc.string(), secretArb, secretArb, async (body, secret, other) => {
            fc.pre(Buffer.from(secret).compare(Buffer.from(other)) !== 0);
            assert.equal(await verifySignature(body, await sign(body, secret), other), false);
          }),
        ),
    ],
    [
      "changing any byte of a compact JSON body fails",
      () =>
        fc.assert(
          fc.asyncProperty(
            withChangedByte(compactJson.map((json) => new TextEncoder().encode(json))),
            async ([bytes, secret, changed]) => {
              assert.equal(
                await verifySignature(changed, await sign(bytes, secret), secret),
                false,
              );
            },
          ),
        ),
    ],
    [
      "changing any byte of any body fails",
      () =>
        fc.assert(
          fc.asyncProperty(
            withChangedByte(fc.uint8Array({ minLength: 1, maxLength: 512 })),
            async ([bytes, secret, changed]) => {
              assert.equal(
                await verifySignature(changed, await sign(bytes, secret), secret),
                false,
              );
            },
          ),
        ),
    ],
    [
      "changing any character of the signature fails",
      () =>
        fc.assert(
          fc.asyncProperty(
            fc.string(),
            secretArb,
            fc.nat({ max: 43 }),
            fc.constantFrom(...`${BASE64}=-_ .%`),
            async (body, secret, index, char) => {
              const signature = await sign(body, secret);
              fc.pre(signature[index] !== char);
              const changed = signature.slice(0, index) + char + signature.slice(index + 1);
              assert.equal(await verifySignature(body, changed, secret), false);
            },
          ),
        ),
    ],
    [
      // Base64 of 32 bytes leaves two unused bits in the last character; they must not be ignored.
      "changing the unused bits of the last signature character fails",
      () =>
        fc.assert(
          fc.asyncProperty(
            fc.string(),
            secretArb,
            fc.integer({ min: 1, max: 3 }),
            async (body, secret, bits) => {
              const signature = await sign(body, secret);
              const last = BASE64[BASE64.indexOf(signature[42]) ^ bits];
              const changed = `${signature.slice(0, 42)}${last}=`;
              assert.equal(await verifySignature(body, changed, secret), false);
            },
          ),
        ),
    ],
    [
      "whitespace inserted between tokens still verifies",
      () =>
        fc.assert(
          fc.asyncProperty(spacedJson, secretArb, async ({ compact, spaced }, secret) => {
            // The generator itself must keep the JSON valid and equal, or this would prove nothing.
            assert.deepEqual(JSON.parse(spaced), JSON.parse(compact));
            const signature = await sign(compact, secret);
            assert.equal(await verifySignature(spaced, signature, secret), true);
            assert.equal(await verifySignature(Buffer.from(spaced), signature, secret), true);
          }),
        ),
    ],
    [
      "a pretty-printed event still constructs, equal to the signed one",
      () =>
        fc.assert(
          fc.asyncProperty(
            fc.record({
              topic: fc.string({ minLength: 1 }),
              created: fc.constant("2021-05-20T09:23:53+00:00"),
              data: fc.dictionary(fc.string(), fc.jsonValue()),
              meta: fc.jsonValue(),
            }),
            secretArb,
            fc.nat({ max: 4 }),
            async (event, secret, indent) => {
              const signature = await sign(JSON.stringify(event), secret);
              const pretty = JSON.stringify(event, null, indent);
              assert.deepEqual(await constructEvent(pretty, signature, secret), JSON.parse(pretty));
            },
          ),
        ),
    ],
    [
      "whitespace inserted inside a string fails",
      () =>
        fc.assert(
          fc.asyncProperty(jsonWithSpacedString, secretArb, async ({ compact, spaced }, secret) => {
            assert.equal(await verifySignature(spaced, await sign(compact, secret), secret), false);
          }),
        ),
    ],
    [
      "junk never makes verifySignature or findMatchingSecret throw or verify",
      () =>
        fc.assert(
          fc.asyncProperty(junkBody, junkHeader, junkSecret, async (body, header, secret) => {
            assert.equal(await verifySignature(body, header, secret), false);
            assert.equal(await findMatchingSecret(body, header, secret), -1);
          }),
          { numRuns: 300 },
        ),
    ],
    [
      "junk makes constructEvent only ever reject, with a HeronWebhookError",
      () =>
        fc.assert(
          fc.asyncProperty(junkBody, junkHeader, secretArb, async (body, header, secret) => {
            const error = await constructEvent(body, header, secret).then(
              () => undefined,
              (failure) => failure,
            );
            assert.ok(isHeronWebhookError(error), `constructEvent gave ${error}`);
          }),
          { numRuns: 300 },
        ),
    ],
  ];
}
