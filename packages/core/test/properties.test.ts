import * as core from "@heron-webhooks/core";
import { describe, it } from "vitest";
import { signatureProperties } from "./support/signature-properties.mjs";

describe("signature properties (fast-check)", () => {
  for (const [name, run] of signatureProperties(core)) it(name, run);
});
