// The public API, the same on every runtime. The entry points (index.node.ts, index.web.ts) pick the crypto.
// Adapter building blocks are in adapter.ts (`@heron-webhooks/core/adapter`), store types in store.ts.
export type { RawBody } from "./bytes.js";
export {
  type ConstructEventOptions,
  constructEvent,
  type VerifiedDelivery,
} from "./construct-event.js";
export { parseCreated } from "./envelope.js";
export { HeronWebhookError, type HeronWebhookErrorCode, isHeronWebhookError } from "./errors.js";
export { createFetchHandler, type FetchHandlerOptions } from "./http/fetch.js";
export {
  createNodeHandler,
  type NodeHandlerOptions,
  type NodeRequest,
  type NodeResponse,
} from "./http/node.js";
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
export type { WebhookSecret } from "./secrets.js";
export { findMatchingSecret, sign, verifySignature } from "./signature.js";
export {
  type DeletedTransaction,
  type EndUserData,
  type EndUserStatus,
  type EventFor,
  type HeronEventEnvelope,
  type HeronResource,
  type HeronResourceWildcard,
  type HeronWebhookEvent,
  isKnownEvent,
  isKnownTopic,
  isTopic,
  KNOWN_TOPICS,
  type KnownHeronWebhookEvent,
  type KnownTopic,
  type PdfData,
  type TopicDataMap,
  type TopicEventMap,
  type TopicPattern,
  type TransactionsDeletedData,
  type UnknownTopicEvent,
} from "./topics.js";
export {
  createWebhooks,
  type ErrorHandler,
  type OnOptions,
  type WebhookHandler,
  type Webhooks,
  type WebhooksOptions,
  type WebhooksWithInbox,
} from "./webhooks.js";
