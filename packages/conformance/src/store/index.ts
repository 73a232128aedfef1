export { describeStoreConformance } from "./describe-store-conformance.js";
export type { AtomicWrites, StoreConformanceOptions, StoreFixture } from "./options.js";
export { STORE_ROWS, type StoreRowId } from "./rows.js";
