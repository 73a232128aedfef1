import { createHmac } from "node:crypto";
import { constructEvent, sign, verifySignature } from "@heron-webhooks/core";
import { describe, expect, it } from "vitest";
import { getHeader } from "../src/headers.js";
import { rejectionOf } from "./support/errors.js";

const secret = "sec_header_tests";
const body =
  '{"topic":"pdf.failed","created":"2021-05-20T09:23:53+00:00","data":{"heron_id":"pdf_1"}}';
const digest = createHmac("sha256", secret).update(body).digest();
const signature = digest.toString("base64");

/** The same 32 bytes, with the two bits base64 leaves unused in the last character set. */
function nonCanonical(base64: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  return `${base64.slice(0, 42)}${alphabet[alphabet.indexOf(base64[42] as string) | 3]}=`;
}

async function codeFor(header: string | null | undefined) {
  return (await rejectionOf(constructEvent(body, header, secret))).code;
}

describe("the Heron-Signature header", () => {
  it("is the base64 HMAC-SHA256 of the body", async () => {
    expect(await sign(body, secret)).toBe(signature);
    expect(await verifySignature(body, signature, secret)).toBe(true);
  });

  it.each([` ${signature}`, `${signature} `, `\t${signature}\r\n`, `  ${signature}\n\n`])(
    "is trimmed: %j verifies",
    async (header) => {
      expect(await verifySignature(body, header, secret)).toBe(true);
    },
  );

  it.each([
    ["missing", undefined],
    ["null", null],
    ["empty", ""],
    ["whitespace", " \t\n"],
  ])("%s is MISSING_SIGNATURE", async (_name, header) => {
    expect(await verifySignature(body, header, secret)).toBe(false);
    expect(await codeFor(header)).toBe("MISSING_SIGNATURE");
  });

  it.each([
    ["a hex digest", digest.toString("hex")],
    ["base64url", digest.toString("base64url")],
    ["base64 without padding", signature.slice(0, -1)],
    ["base64 with extra padding", `${signature}=`],
    ["a sha256= prefix", `sha256=${signature}`],
    ["a 31-byte value", digest.subarray(1).toString("base64")],
    ["a 33-byte value", Buffer.concat([digest, Buffer.of(0)]).toString("base64")],
    ["a 64-byte value", Buffer.concat([digest, digest]).toString("base64")],
    ["two signatures joined", `${signature}, ${signature}`],
    ["a space inside", `${signature.slice(0, 20)} ${signature.slice(20)}`],
    ["non-zero unused bits in the last character", nonCanonical(signature)],
  ])("%s is MALFORMED_SIGNATURE", async (_name, header) => {
    expect(await verifySignature(body, header, secret)).toBe(false);
    expect(await codeFor(header)).toBe("MALFORMED_SIGNATURE");
  });

  it("the non-canonical form decodes to the very same digest, yet is refused", async () => {
    expect(Buffer.from(nonCanonical(signature), "base64")).toEqual(digest);
    expect(nonCanonical(signature)).not.toBe(signature);
  });

  it("a well-formed signature of other bytes is SIGNATURE_MISMATCH", async () => {
    const other = createHmac("sha256", secret).update(`${body} `).digest("base64");
    expect(await codeFor(other)).toBe("SIGNATURE_MISMATCH");
  });

  it("a base64url-only signature is rejected even where the alphabets differ", async () => {
    // This vector's signature holds a "+", so its base64url form differs from it.
    const plus = "k02tw0kMmcQk5+kiqf2LvcTAJNBBM95s1gTDhdGFFUE=";
    const url = Buffer.from(plus, "base64").toString("base64url");
    expect(url).not.toBe(plus);
    expect(await verifySignature(body, url, secret)).toBe(false);
  });
});

describe("getHeader", () => {
  it("finds the header whatever the case of its name", () => {
    expect(getHeader({ "Heron-Signature": "a" }, "heron-signature")).toBe("a");
    expect(getHeader({ "HERON-SIGNATURE": "b" }, "heron-signature")).toBe("b");
    expect(getHeader(new Headers({ "Heron-Signature": "c" }), "heron-signature")).toBe("c");
    expect(getHeader({ other: "d" }, "heron-signature")).toBeUndefined();
  });

  it("joins repeated values, which can then never verify", async () => {
    const joined = getHeader({ "heron-signature": [signature, signature] }, "heron-signature");
    expect(joined).toBe(`${signature}, ${signature}`);
    expect(await verifySignature(body, joined, secret)).toBe(false);
    expect(getHeader({ "heron-signature": [signature] }, "heron-signature")).toBe(signature);
  });
});
