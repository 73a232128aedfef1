import { isHeronWebhookError } from "@heron-webhooks/core";
import { type SqliteInboxOptions, sqliteInbox } from "@heron-webhooks/sqlite";
import { describe, expect, it } from "vitest";
import { hasNodeSqlite } from "./support/runtime.js";

function configError(create: () => unknown) {
  try {
    create();
  } catch (error) {
    expect(isHeronWebhookError(error) && error.code).toBe("INVALID_CONFIG");
    return (error as Error).message;
  }
  throw new Error("expected sqliteInbox to throw");
}

describe("sqliteInbox options", () => {
  it.each([
    ["no options", undefined, /pass options/],
    ["no path", {}, /`path` must be the database file/],
    ["an empty path", { path: " " }, /`path` must be the database file/],
    ["an unknown synchronous", { path: "x.sqlite", synchronous: "off" }, /"normal" or "full"/],
    ["a negative busyTimeoutMs", { path: "x.sqlite", busyTimeoutMs: -1 }, /busyTimeoutMs/],
    ["a fractional busyTimeoutMs", { path: "x.sqlite", busyTimeoutMs: 1.5 }, /busyTimeoutMs/],
  ])("refuses %s with INVALID_CONFIG", (_, options, message) => {
    expect(configError(() => sqliteInbox(options as unknown as SqliteInboxOptions))).toMatch(
      message,
    );
  });
});

describe.runIf(!hasNodeSqlite)("on a Node without node:sqlite", () => {
  it("fails at once, saying which runtimes have it and what to do", () => {
    const message = configError(() => sqliteInbox({ path: "never-created.sqlite" }));
    expect(message).toContain("Node 22.13 or later");
    expect(message).toContain(`This is Node ${process.versions.node}.`);
    expect(message).toMatch(/Upgrade Node/);
  });
});
