// `@heron-webhooks/core/store`: what an inbox store implements. App code never needs this entry.
export type {
  AcceptResult,
  ClaimOptions,
  DeliveryPage,
  DeliveryStatus,
  HandlerContextExtras,
  InboxStats,
  InboxStore,
  ListQuery,
  NewDelivery,
  Settlement,
  StoredDelivery,
} from "./inbox/store.js";
