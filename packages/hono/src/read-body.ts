import { type RawBody, rawBodyUnavailable, readWebBody } from "@heron-webhooks/core";
import type { HonoRequest } from "hono";

const HINT =
  "In Hono, mount heronWebhooks() (or heronWebhooksHandler()) before any validator or middleware that reads the body with c.req.json(), c.req.parseBody() or c.req.raw.";

const REPLACEMENT_CHARACTER = "\uFFFD";

/**
 * Text cached by `c.req.text()`/`c.req.json()` is the body decoded as UTF-8. It re-encodes to the same bytes
 * unless decoding replaced invalid bytes (U+FFFD) or dropped a byte-order mark (Content-Length tells).
 */
function exactBytesOfText(text: string, contentLength: string | null): Uint8Array | undefined {
  if (text.includes(REPLACEMENT_CHARACTER)) return undefined;
  const bytes = new TextEncoder().encode(text);
  if (contentLength !== null && Number(contentLength) !== bytes.byteLength) return undefined;
  return bytes;
}

/**
 * The request body as the exact bytes received. Reads the stream with the byte limit when nothing read it
 * yet; otherwise uses Hono's body cache, but only what is byte-exact (Hono re-serialises the rest).
 */
export async function readHonoBody(request: HonoRequest, maxBodyBytes: number): Promise<RawBody> {
  const cache = request.bodyCache;
  if (cache.arrayBuffer) return await cache.arrayBuffer;
  if (cache.blob) return await (await cache.blob).arrayBuffer();
  if (cache.text) {
    const bytes = exactBytesOfText(await cache.text, request.raw.headers.get("content-length"));
    if (bytes) return bytes;
    throw rawBodyUnavailable(HINT);
  }
  if (Object.keys(cache).length > 0) throw rawBodyUnavailable(HINT);
  return readWebBody(request.raw, { maxBodyBytes, consumedHint: HINT });
}
