// What a user writes without this library: HMAC over the raw bytes, constant-time compare, then parse.
import { createHmac, timingSafeEqual } from "node:crypto";
import { SECRET } from "../delivery.mjs";

export function verifiedEvent(rawBody, signatureHeader) {
  if (typeof signatureHeader !== "string") return undefined;
  const expected = Buffer.from(signatureHeader, "base64");
  const actual = createHmac("sha256", SECRET).update(rawBody).digest();
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return JSON.parse(rawBody.toString("utf8"));
}

/** Where the adapters' `on` handlers go: a no-op, so both sides do the same work after parsing. */
export const on = { "*": () => {} };
