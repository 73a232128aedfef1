export { describeConformance } from "./describe-conformance.js";
export { type LoopbackServer, listenOnLoopback } from "./listen.js";
export type {
  ConformanceOptions,
  RunningServer,
  StartOptions,
  StartServer,
} from "./options.js";
export { ROWS, type RowId } from "./rows.js";
export {
  type AtomicWrites,
  describeStoreConformance,
  STORE_ROWS,
  type StoreConformanceOptions,
  type StoreFixture,
  type StoreRowId,
} from "./store/index.js";
export { DEFAULT_PATH } from "./suite.js";
