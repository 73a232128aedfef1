import {
  constructEvent,
  findMatchingSecret,
  isHeronWebhookError,
  verifySignature,
} from "@heron-webhooks/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secretArb } from "../support/json.mjs";

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

// Callers pass whatever their framework hands them, whatever the types say.
const verifyAny = verifySignature as (
  body: unknown,
  header: unknown,
  secret: unknown,
) => Promise<boolean>;
const findAny = findMatchingSecret as (
  body: unknown,
  header: unknown,
  secret: unknown,
) => Promise<number>;
const constructAny = constructEvent as (
  body: unknown,
  header: unknown,
  secret: unknown,
) => Promise<unknown>;

describe("junk input", () => {
  it("verifySignature and findMatchingSecret never throw and never verify", async () => {
    await fc.assert(
      fc.asyncProperty(junkBody, junkHeader, junkSecret, async (body, header, secret) => {
        expect(await verifyAny(body, header, secret)).toBe(false);
        expect(await findAny(body, header, secret)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it("constructEvent only ever rejects, with a HeronWebhookError", async () => {
    await fc.assert(
      fc.asyncProperty(junkBody, junkHeader, secretArb, async (body, header, secret) => {
        const error = await constructAny(body, header, secret).then(
          () => undefined,
          (failure: unknown) => failure,
        );
        expect(isHeronWebhookError(error)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
