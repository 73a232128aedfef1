import { describe, expect, it, vi } from "vitest";
import { createSignatureFailureWarning } from "../src/signature-warning.js";

describe("the signature failure warning", () => {
  it("warns at most once a minute, with the count of the failures it did not warn about", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    let now = 0;
    const warning = createSignatureFailureWarning(() => now);
    warning.record();
    now = 30_000;
    warning.record();
    warning.record();
    now = 60_000;
    warning.record();
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[1]?.[0])).toContain("(2 more in the last minute)");
    warn.mockRestore();
  });
});
