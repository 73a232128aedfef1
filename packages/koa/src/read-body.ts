import type { RawBody } from "@heron-webhooks/core";
import {
  type BodyLimits,
  bytesOfDecodedBody,
  type ReadBodyOptions,
  rawBodyUnavailable,
  readNodeBody,
} from "@heron-webhooks/core/adapter";
import type { Context } from "koa";

const FIX =
  "Mount heronWebhooks() before the body parser (koa-bodyparser, @koa/bodyparser), or skip the parser on the webhook route: set `ctx.disableBodyParser = true` in a middleware that runs before it, or leave this content type out of its `enableTypes`.";

const READ_OPTIONS: ReadBodyOptions = { consumedHint: FIX };

const DECODED_TEXT =
  "A body parser kept ctx.request.rawBody, but only as decoded text that cannot be proven identical to the bytes received (that needs a Content-Length, no Content-Encoding and valid UTF-8).";

/** Reads the body from the stream, or takes a body parser's byte-safe `rawBody` when it ran first. */
export async function readKoaBody(ctx: Context, limits: BodyLimits): Promise<RawBody> {
  const { req } = ctx;
  // Untouched by anyone before us. A reader that saw any of it, even one that gave up at its own
  // limit, left only the rest: reading that would give a misleading 401.
  if (!req.readableDidRead && !req.readableEnded) {
    return readNodeBody(req, limits, READ_OPTIONS);
  }
  const { rawBody } = ctx.request as { rawBody?: unknown };
  if (typeof rawBody !== "string") throw rawBodyUnavailable(FIX);
  // Both parsers decode through co-body with their `encoding` option (UTF-8 unless changed; the
  // request's charset is ignored), so UTF-8 re-encoding is the right test.
  const bytes = bytesOfDecodedBody(rawBody, req.headers);
  if (!bytes) throw rawBodyUnavailable(`${DECODED_TEXT} ${FIX}`);
  return bytes;
}
