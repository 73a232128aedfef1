export { type HeronWebhooksKoaOptions, heronWebhooks } from "./middleware.js";
