import type { RawBody } from "@heron-webhooks/core";
import { type BodyLimits, type ReadBodyOptions, readNodeBody } from "@heron-webhooks/core/adapter";
import type { Request } from "express";

// Registry-wide, so the bytes captured by the ESM build are found by the CJS build and back.
const RAW_BODY = Symbol.for("@heron-webhooks/express.rawBody");

const READ_OPTIONS: ReadBodyOptions = {
  consumedHint:
    "Mount heronWebhooks() before express.json(), express.text() or express.urlencoded(), " +
    "or keep the bytes with express.json({ verify: captureRawBody }) (captureRawBody is exported by @heron-webhooks/express).",
};

/**
 * A `verify` hook for Express's body parsers that keeps the exact bytes received, so the webhook
 * route still verifies when `express.json({ verify: captureRawBody })` runs before it app-wide.
 */
export function captureRawBody(req: object, _res: unknown, buf: Uint8Array): void {
  Object.defineProperty(req, RAW_BODY, { value: buf, configurable: true });
}

function capturedRawBody(req: object): Uint8Array | undefined {
  return (req as { [RAW_BODY]?: Uint8Array })[RAW_BODY];
}

/**
 * The raw bytes of an Express request: captured by a parser's `verify` hook, left as a Buffer by
 * `express.raw()`, or read from the stream when no parser touched it. A parser that consumed the
 * stream without keeping the bytes makes the signature uncheckable: say so rather than verify nothing.
 */
export async function readExpressBody(req: Request, limits: BodyLimits): Promise<RawBody> {
  const captured = capturedRawBody(req);
  if (captured) return captured;
  if (req.body instanceof Uint8Array) return req.body;
  return readNodeBody(req, limits, READ_OPTIONS);
}
