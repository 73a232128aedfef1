// examples/slack beyond what test/examples.test.ts checks of every example.
import { describe, expect, it } from "vitest";
import { startExample } from "../../../scripts/start-example.mjs";

describe("examples/slack", () => {
  it("refuses to start without SLACK_WEBHOOK_URL", async () => {
    const example = startExample("slack", "whsec_example", process.execPath, {
      SLACK_WEBHOOK_URL: "",
    });
    await expect(example.url).rejects.toThrow(/SLACK_WEBHOOK_URL/);
    await example.stop();
  });

  it("refuses a webhook URL that is not https, without printing it", async () => {
    const url = "http://hooks.slack.com/services/T0/B0/examplesecrettoken";
    const example = startExample("slack", "whsec_example", process.execPath, {
      SLACK_WEBHOOK_URL: url,
    });
    const error = await example.url.then(
      () => undefined,
      (failure: Error) => failure,
    );
    await example.stop();
    expect(error?.message).toMatch(/must be an https URL/);
    expect(error?.message).not.toContain("examplesecrettoken");
  });
});
