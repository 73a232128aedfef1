import type { Webhooks } from "@heron-webhooks/core";
import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  resolveWebhooks,
} from "@heron-webhooks/core/adapter";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import { readFastifyBody } from "./read-body.js";

export type HeronWebhooksFastifyOptions = HeronWebhooksOptions & {
  /**
   * The webhook route, below the `prefix` the plugin is registered with. Default: `/`, the prefix
   * itself, as with every adapter: the route is where you mount it
   * (`app.register(heronWebhooks, { prefix: "/webhooks/heron", ... })`).
   */
  path?: string;
};

async function answer(webhooks: Webhooks, request: FastifyRequest, reply: FastifyReply) {
  const response = await handleWebhookRequest(webhooks, {
    method: request.method,
    headers: request.headers,
    rawBody: (limits) => readFastifyBody(request, limits),
  });
  reply.code(response.status).headers(response.headers);
  return response.body;
}

/**
 * The Heron webhook route as an encapsulated Fastify plugin:
 * `app.register(heronWebhooks, { prefix: "/webhooks/heron", secret, on: { "*": handler } })`.
 * The app's content-type parsers, body limit and error handler stay as they are for every other route.
 */
export const heronWebhooks: FastifyPluginAsync<HeronWebhooksFastifyOptions> = async (
  fastify,
  options,
) => {
  const { path = "/", ...webhooksOptions } = options ?? {};
  // Fastify hands plugins their register options too (`prefix`, `logLevel`...): not ours to check.
  const {
    prefix: _prefix,
    logLevel: _logLevel,
    logSerializers: _serializers,
    ...ours
  } = webhooksOptions as HeronWebhooksOptions & Record<string, unknown>;
  const webhooks = resolveWebhooks(ours as HeronWebhooksOptions);

  // In this scope only: no parser reads the body. Fastify enforces `bodyLimit` and answers with its own
  // errors only when it buffers a body, so leaving the stream untouched lets core read the exact bytes
  // with its own limit and give every answer of the HTTP contract.
  fastify.removeAllContentTypeParsers();
  const leaveStream = (_request: unknown, _payload: unknown, done: (error: null) => void) =>
    done(null);
  fastify.addContentTypeParser("*", leaveStream);
  // What Heron sends, by name: Fastify caches a named type's parser, but parses the header again for
  // every request that only the catch-all matches.
  fastify.addContentTypeParser("application/json", leaveStream);

  // Fastify 5 answers 415 to a malformed Content-Type before any parser runs: the signature decides instead.
  // Every other error (from the app's own hooks, say) goes on to the app's error handler.
  fastify.setErrorHandler(async (error, request, reply) => {
    if ((error as { code?: unknown }).code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return answer(webhooks, request, reply);
    }
    throw error;
  });

  fastify.all(path, (request, reply) => answer(webhooks, request, reply));
};
