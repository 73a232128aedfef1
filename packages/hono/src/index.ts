export type { HeronWebhookEvent, Webhooks } from "@heron-webhooks/core";
export type { HeronEnv, HeronVariables } from "./env.js";
export { heronWebhooksHandler } from "./handler.js";
export { heronWebhooks } from "./middleware.js";
export type { HeronWebhooksHonoOptions } from "./options.js";
