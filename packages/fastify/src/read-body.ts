import type { RawBody } from "@heron-webhooks/core";
import { type BodyLimits, type ReadBodyOptions, readNodeBody } from "@heron-webhooks/core/adapter";
import type { FastifyRequest } from "fastify";

const READ_OPTIONS: ReadBodyOptions = {
  consumedHint:
    "In Fastify, a preParsing hook read the request stream before the webhook route: register that hook in a scope that does not contain heron-webhooks.",
};

/** The request stream as received: the plugin's scope has no content-type parser that reads it. */
export function readFastifyBody(request: FastifyRequest, limits: BodyLimits): Promise<RawBody> {
  return readNodeBody(request.raw, limits, READ_OPTIONS);
}
