import { describe } from "vitest";
import type { StoreConformanceOptions, StoreFixture } from "./options.js";
import { acceptRows } from "./rows/accept.js";
import { atomicRows } from "./rows/atomic.js";
import { claimRows } from "./rows/claim.js";
import { crashRows } from "./rows/crash.js";
import { leaseRows } from "./rows/lease.js";
import { modelRows } from "./rows/model.js";
import { readRows } from "./rows/read.js";
import { replayRows } from "./rows/replay.js";
import { settleRows } from "./rows/settle.js";
import { waitRows } from "./rows/wait.js";
import { createStoreSuite, type StoreSuite } from "./suite.js";

/**
 * Registers vitest tests for every row of the inbox store contract, driving the store straight
 * through the `InboxStore` interface with explicit times. Call it at the top level of a test file.
 */
export function describeStoreConformance<Fixture extends StoreFixture>(
  options: StoreConformanceOptions<Fixture>,
): void {
  // The rows only use the base fixture; `atomicWrites.read` gets back the caller's own type.
  const suite = createStoreSuite(options) as unknown as StoreSuite;
  describe(`heron-webhooks store conformance: ${options.name}`, () => {
    describe("accept and duplicates", () => acceptRows(suite));
    describe("claims", () => claimRows(suite));
    describe("leases and handlers", () => leaseRows(suite));
    describe("settling", () => settleRows(suite));
    describe("replay", () => replayRows(suite));
    describe("reading and purging", () => readRows(suite));
    describe("crashes and restarts", () => crashRows(suite));
    describe("runHandlerAtomically (optional)", () => atomicRows(suite));
    describe("waitForWork (optional)", () => waitRows(suite));
    describe("lifecycle model", () => modelRows(suite));
  });
}
