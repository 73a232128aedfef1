export { type HeronWebhooksExpressOptions, heronWebhooks } from "./middleware.js";
export { captureRawBody } from "./raw-body.js";
