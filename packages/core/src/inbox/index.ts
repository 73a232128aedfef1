// The inbox, as the rest of core and the public entry see it.
export type { Clock } from "./clock.js";
export { type DeliveryContext, NO_INBOX_CONTEXT } from "./context.js";
export type { DeliveryFailure } from "./failure.js";
export { nameRoute } from "./handler-names.js";
export type { DeliveryKeyFunction } from "./key.js";
export { memoryInbox } from "./memory.js";
export type {
  Inbox,
  InboxDelivery,
  InboxListQuery,
  InboxPage,
  InboxStatus,
} from "./operations.js";
export type { InboxOptions } from "./options.js";
export type { RetryOptions } from "./retry.js";
export { createInboxRuntime, type InboxHost, type InboxRuntime } from "./runtime.js";
export { createSlowHandlerWarning } from "./slow-handler-warning.js";
export type { Worker, WorkerOptions } from "./worker.js";
