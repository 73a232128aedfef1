import type { RawBody } from "@heron-webhooks/core";
import {
  type BodyLimits,
  bytesOfDecodedBody,
  nodeRequestOf,
  rawBodyUnavailable,
  readWebBody,
} from "@heron-webhooks/core/adapter";
import type { HonoRequest } from "hono";

const HINT =
  "In Hono, mount heronWebhooks() (or heronWebhooksHandler()) before any validator or middleware that reads the body with c.req.json(), c.req.parseBody() or c.req.raw.";

/**
 * Puts bytes read from the stream in Hono's body cache, so that the next handler's `c.req.json()`
 * or `c.req.text()` gets them: the stream under the request is spent.
 */
export function cacheForNextHandler(request: HonoRequest, body: RawBody | undefined): void {
  // A body taken from the cache is there already.
  if (!(body instanceof Uint8Array) || Object.keys(request.bodyCache).length > 0) return;
  // Hono types its cache by value but keeps (and awaits) promises in it.
  request.bodyCache.arrayBuffer = Promise.resolve(body.slice().buffer) as unknown as ArrayBuffer;
}

/**
 * The request body as the exact bytes received. Reads the stream with the byte limit when nothing read it
 * yet; otherwise uses Hono's body cache, but only what is byte-exact (Hono re-serialises the rest).
 */
export async function readHonoBody(
  request: HonoRequest,
  limits: BodyLimits,
  env?: unknown,
): Promise<RawBody> {
  const cache = request.bodyCache;
  if (cache.arrayBuffer) return await cache.arrayBuffer;
  if (cache.blob) return await (await cache.blob).arrayBuffer();
  if (cache.text) {
    // Cached by c.req.text()/json(): the body decoded as UTF-8, usable only where provably exact.
    const bytes = bytesOfDecodedBody(await cache.text, request.raw.headers);
    if (bytes) return bytes;
    throw rawBodyUnavailable(HINT);
  }
  if (Object.keys(cache).length > 0) throw rawBodyUnavailable(HINT);
  return readWebBody(request.raw, limits, { consumedHint: HINT, nodeRequest: nodeRequestOf(env) });
}
