// The public API, the same on every runtime. The entry points (index.node.ts, index.web.ts) pick the crypto.
export type { RawBody } from "./bytes.js";
export {
  type ConstructEventOptions,
  constructEvent,
  DEFAULT_MAX_BODY_BYTES,
  type VerifiedDelivery,
} from "./construct-event.js";
export { parseCreated } from "./envelope.js";
export {
  ERROR_STATUS,
  HeronWebhookError,
  type HeronWebhookErrorCode,
  isHeronWebhookError,
} from "./errors.js";
export { getHeader, type HeadersInput, SIGNATURE_HEADER } from "./headers.js";
export { bytesOfDecodedBody } from "./http/decoded-body.js";
export { createFetchHandler, type FetchHandlerOptions, toResponse } from "./http/fetch.js";
export {
  handleWebhookRequest,
  type WebhookHttpRequest,
  type WebhookHttpResponse,
} from "./http/handle.js";
export {
  createNodeHandler,
  type NodeHandlerOptions,
  type NodeRequest,
  type NodeResponse,
  writeNodeResponse,
} from "./http/node.js";
export { pathMatches } from "./http/path.js";
export {
  type NodeBodyStream,
  type ReadBodyOptions,
  rawBodyUnavailable,
  readNodeBody,
  readWebBody,
} from "./http/read-body.js";
export {
  type Clock,
  type DeliveryContext,
  type DeliveryFailure,
  type DeliveryKeyFunction,
  type Inbox,
  type InboxDelivery,
  type InboxListQuery,
  type InboxOptions,
  type InboxPage,
  type InboxStatus,
  memoryInbox,
  type RetryOptions,
  type Worker,
  type WorkerOptions,
} from "./inbox/index.js";
export type { DeliveryStatus, InboxStore } from "./inbox/store.js";
export { type HeronWebhooksOptions, resolveWebhooks } from "./resolve-webhooks.js";
export type { WebhookSecret } from "./secrets.js";
export { findMatchingSecret, sign, verifySignature } from "./signature.js";
export {
  type DeletedTransaction,
  type EndUserData,
  type EndUserStatus,
  type EventFor,
  type HeronEventEnvelope,
  type HeronWebhookEvent,
  isKnownEvent,
  isKnownTopic,
  isTopic,
  KNOWN_TOPICS,
  type KnownHeronWebhookEvent,
  type KnownTopic,
  type PdfData,
  type Resource,
  type ResourceWildcard,
  type TopicDataMap,
  type TopicEventMap,
  type TopicPattern,
  type TransactionsDeletedData,
  type UnknownTopicEvent,
} from "./topics.js";
export {
  type BodyReader,
  createWebhooks,
  type ErrorHandler,
  type OnOptions,
  type WebhookHandler,
  type Webhooks,
  type WebhooksOptions,
} from "./webhooks.js";
