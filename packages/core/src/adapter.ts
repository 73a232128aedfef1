// `@heron-webhooks/core/adapter`: the building blocks of a framework adapter (see CONTRIBUTING.md).
// App code never needs this entry. The entry points (adapter.node.ts, adapter.web.ts) pick the crypto.

export { rawBodyUnavailable } from "./errors.js";
export type { HeadersInput } from "./headers.js";
export { bytesOfDecodedBody } from "./http/decoded-body.js";
export { toResponse } from "./http/fetch.js";
export {
  type HandleWebhookOptions,
  handleWebhookRequest,
  notFoundResponse,
  type WebhookHttpRequest,
  type WebhookHttpResponse,
} from "./http/handle.js";
export { writeNodeResponse } from "./http/node.js";
export { pathMatches } from "./http/path.js";
export {
  type BodyLimits,
  type LingeringSocket,
  type NodeBodyStream,
  type NodeRequestUnder,
  nodeRequestOf,
  type ReadBodyOptions,
  readNodeBody,
  readWebBody,
} from "./http/read-body.js";
export { type HeronWebhooksOptions, resolveWebhooks } from "./resolve-webhooks.js";
export type { BodyReader } from "./webhooks.js";
