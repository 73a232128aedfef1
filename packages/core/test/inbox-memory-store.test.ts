import { memoryInbox } from "@heron-webhooks/core";
// A relative import: a package dependency on conformance (which peer-depends on core) would be a cycle.
import { describeStoreConformance } from "../../conformance/src/index.js";

describeStoreConformance({ name: "memoryInbox", create: () => ({ store: memoryInbox() }) });
