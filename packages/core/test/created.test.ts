import { parseCreated } from "@heron-webhooks/core";
import { describe, expect, it } from "vitest";

describe("parseCreated", () => {
  it.each([
    ["2021-05-20T09:23:53+00:00", Date.UTC(2021, 4, 20, 9, 23, 53)],
    ["2021-05-20T09:23:53Z", Date.UTC(2021, 4, 20, 9, 23, 53)],
    ["2021-05-20T11:23:53+02:00", Date.UTC(2021, 4, 20, 9, 23, 53)],
    ["2021-05-20T04:23:53-05:00", Date.UTC(2021, 4, 20, 9, 23, 53)],
  ])("reads %s with its offset", (created, expected) => {
    expect(parseCreated(created).getTime()).toBe(expected);
  });

  it("reads a value without an offset as UTC, whatever the local time zone", () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      // Only meaningful where local time is not UTC.
      expect(new Date(2026, 7, 14).getTimezoneOffset()).not.toBe(0);
      expect(parseCreated("2026-08-14T12:24:38").getTime()).toBe(Date.UTC(2026, 7, 14, 12, 24, 38));
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("keeps the milliseconds of Heron's microseconds", () => {
    expect(parseCreated("2026-08-14T12:24:38.137886").getTime()).toBe(
      Date.UTC(2026, 7, 14, 12, 24, 38, 137),
    );
    expect(parseCreated("2026-08-14T12:24:38.137886+00:00").toISOString()).toBe(
      "2026-08-14T12:24:38.137Z",
    );
  });
});
