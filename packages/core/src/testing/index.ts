export { createTestDelivery, type TestDelivery, type TestDeliveryOptions } from "./delivery.js";
export { sampleEvents } from "./samples.js";
