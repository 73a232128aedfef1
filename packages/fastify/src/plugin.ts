import {
  type HeronWebhooksOptions,
  handleWebhookRequest,
  readNodeBody,
  resolveWebhooks,
  type Webhooks,
} from "@heron-webhooks/core";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

const DEFAULT_PATH = "/webhooks/heron";

export interface HeronWebhooksFastifyOptions extends HeronWebhooksOptions {
  /** The webhook route, below the `prefix` the plugin is registered with. Default: `/webhooks/heron`. */
  path?: string;
}

const CONSUMED_HINT =
  "In Fastify, a preParsing hook read the request stream before the webhook route: register that hook in a scope that does not contain heron-webhooks.";

async function answer(webhooks: Webhooks, request: FastifyRequest, reply: FastifyReply) {
  const response = await handleWebhookRequest(webhooks, {
    method: request.method,
    headers: request.headers,
    rawBody: () =>
      readNodeBody(request.raw, {
        maxBodyBytes: webhooks.maxBodyBytes,
        consumedHint: CONSUMED_HINT,
      }),
  });
  reply.code(response.status).headers(response.headers);
  return response.body;
}

/**
 * The Heron webhook route as an encapsulated Fastify plugin:
 * `app.register(heronWebhooks, { secret, on: { "*": handler } })`.
 * The app's content-type parsers, body limit and error handler stay as they are for every other route.
 */
export const heronWebhooks: FastifyPluginAsync<HeronWebhooksFastifyOptions> = async (
  fastify,
  options,
) => {
  const webhooks = resolveWebhooks(options);

  // In this scope only: no parser reads the body. Fastify enforces `bodyLimit` and answers with its own
  // errors only when it buffers a body, so leaving the stream untouched lets core read the exact bytes
  // with its own limit and give every answer of the HTTP contract.
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser("*", (_request, _payload, done) => done(null));

  // Fastify 5 answers 415 to a malformed Content-Type before any parser runs: the signature decides instead.
  // Every other error (from the app's own hooks, say) goes on to the app's error handler.
  fastify.setErrorHandler(async (error, request, reply) => {
    if ((error as { code?: unknown }).code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      return answer(webhooks, request, reply);
    }
    throw error;
  });

  fastify.all(options.path ?? DEFAULT_PATH, (request, reply) => answer(webhooks, request, reply));
};
