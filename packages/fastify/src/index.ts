export { type HeronWebhooksFastifyOptions, heronWebhooks } from "./plugin.js";
