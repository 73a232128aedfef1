import { describe } from "vitest";
import type { ConformanceOptions } from "./options.js";
import { acceptedRows } from "./rows/accepted.js";
import { connectionRows } from "./rows/connections.js";
import { deadlineRows } from "./rows/deadline.js";
import { failureRows } from "./rows/failures.js";
import { hostileRows } from "./rows/hostile.js";
import { inboxRows } from "./rows/inbox.js";
import { limitRows } from "./rows/limits.js";
import { payloadRows } from "./rows/payloads.js";
import { signatureRows } from "./rows/signatures.js";
import { transportRows } from "./rows/transport.js";
import { createSuite } from "./suite.js";

/**
 * Registers vitest tests for every row of heron-webhooks' HTTP contract, run over real HTTP
 * against the server `options.start` returns. Call it at the top level of a test file.
 */
export function describeConformance(options: ConformanceOptions): void {
  const suite = createSuite(options);
  describe(`heron-webhooks conformance: ${options.name}`, () => {
    describe("accepted deliveries (200)", () => acceptedRows(suite));
    describe("bad signatures (401)", () => signatureRows(suite));
    describe("bad payloads (400)", () => payloadRows(suite));
    describe("body limit (413)", () => limitRows(suite));
    describe("failures (500)", () => failureRows(suite));
    describe("transport", () => transportRows(suite));
    describe("body deadline (408)", () => deadlineRows(suite));
    describe("hostile bodies", () => hostileRows(suite));
    describe("connections", () => connectionRows(suite));
    describe("inbox (200 once stored, 503)", () => inboxRows(suite));
  });
}
