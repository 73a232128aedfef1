export { type HeronWebhooksExpressOptions, heronWebhooks } from "./middleware.js";
export { captureRawBody } from "./read-body.js";
