import { sign } from "@heron-webhooks/core";
import type { RawHeaders } from "./client.js";

/** Distinctive, so a leak into a response body is easy to spot. */
export const SECRET = "conformance-secret-CURRENT-7f3a";
export const OLD_SECRET = "conformance-secret-PREVIOUS-91c2";
export const STRANGER_SECRET = "conformance-secret-STRANGER-0b5e";

/** Small, so the oversized cases stay cheap; the default of 1 MiB is core's own business. */
export const MAX_BODY_BYTES = 32 * 1024;

export const CREATED = "2026-08-14T12:24:38.137886";

export interface Signed {
  body: string | Uint8Array;
  signature: string;
}

export async function signed(body: string | Uint8Array, secret = SECRET): Promise<Signed> {
  return { body, signature: await sign(body, secret) };
}

export function headersFor(signature: string, contentType = "application/json"): RawHeaders {
  return [
    ["Content-Type", contentType],
    ["Heron-Signature", signature],
  ];
}

/** JSON as Python's `json.dumps(..., separators=(",", ":"))` writes it: non-ASCII as `\u` escapes. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u0080-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A valid event whose compact JSON is exactly `bytes` long (padded through `meta`). */
export function eventOfSize(bytes: number): string {
  const event = (pad: string) =>
    JSON.stringify({
      topic: "end_user.processed",
      created: CREATED,
      data: { heron_id: "eus_padded", end_user_id: "padded", status: "processed" },
      meta: { pad },
    });
  const overhead = event("").length;
  if (bytes < overhead) throw new RangeError(`An event needs at least ${overhead} bytes.`);
  return event("x".repeat(bytes - overhead));
}
