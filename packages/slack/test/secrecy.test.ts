// The webhook URL is a secret: it must not appear in an error (message, stack, properties, cause) or in
// any log line, whatever goes wrong.
import { createServer as createHttpServer } from "node:http";
import { createServer } from "node:net";
import { inspect } from "node:util";
import { createNodeHandler, createWebhooks } from "@heron-webhooks/core";
import { createTestDelivery, sampleEvents } from "@heron-webhooks/core/testing";
import { forwardToSlack } from "@heron-webhooks/slack";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { rejection } from "./helpers.js";
import { type LoopbackSlack, type LoopbackWebhook, startLoopbackSlack } from "./loopback-slack.js";

const event = sampleEvents["end_user.review_required"];
let slack: LoopbackSlack;
beforeAll(async () => {
  slack = await startLoopbackSlack();
});
afterAll(() => slack.close());

/** Everything an error can show: message, stack, every own property (hidden ones too), JSON, cause. */
function everything(error: unknown): string {
  const own =
    error instanceof Object
      ? Object.getOwnPropertyNames(error).map((name) => String((error as never)[name]))
      : [];
  return [
    String(error),
    (error as Error)?.stack ?? "",
    inspect(error, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
    JSON.stringify(error),
    ...own,
    inspect((error as Error)?.cause, { showHidden: true, depth: Number.POSITIVE_INFINITY }),
  ].join("\n");
}

// Every line written to the console or to stdout/stderr while a test runs.
let logged: string[] = [];
beforeEach(() => {
  logged = [];
  for (const method of ["log", "error", "warn", "info", "debug"] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(
        args.map((arg) => (typeof arg === "string" ? arg : inspect(arg, { depth: 10 }))).join(" "),
      );
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    vi.spyOn(stream, "write").mockImplementation(((chunk: unknown, ...rest: never[]) => {
      logged.push(String(chunk));
      return write(chunk as never, ...rest);
    }) as never);
  }
});
afterEach(() => vi.restoreAllMocks());

function expectNoSecret(text: string, secret: string): void {
  expect(text).not.toContain(secret);
}

async function closedPortUrl(token: string): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}/services/T0/B0/${token}`;
}

type Failure = [string, () => Promise<{ url: string; token: string; options?: object }>];
const withWebhook = (setup: (webhook: LoopbackWebhook) => void, options?: object) => async () => {
  const webhook = slack.webhook();
  setup(webhook);
  return { url: webhook.url, token: webhook.token, options };
};

const failures: Failure[] = [
  [
    "revoked (403 invalid_token)",
    async () => {
      const w = slack.webhook({ state: "revoked" });
      return { url: w.url, token: w.token };
    },
  ],
  [
    "removed (404 no_service)",
    async () => {
      const w = slack.webhook({ state: "removed" });
      return { url: w.url, token: w.token };
    },
  ],
  [
    "archived channel (410)",
    async () => {
      const w = slack.webhook({ state: "channel_archived" });
      return { url: w.url, token: w.token };
    },
  ],
  ["400 invalid_payload", withWebhook((w) => w.script({ status: 400, body: "invalid_payload" }))],
  ["a body quoting the URL", withWebhook((w) => w.script({ status: 400, body: w.url }))],
  [
    "5xx every time",
    withWebhook(
      (w) => w.script(...Array.from({ length: 4 }, () => ({ status: 500, body: "rollup_error" }))),
      { random: () => 0 },
    ),
  ],
  [
    "429 past the deadline",
    withWebhook((w) => w.script({ status: 429, headers: { "retry-after": "60" } })),
  ],
  ["timeouts", withWebhook((w) => w.script("hang", "hang"), { timeoutMs: 100, maxAttempts: 2 })],
  ["connection resets", withWebhook((w) => w.script("reset", "reset"), { maxAttempts: 2 })],
  [
    "nothing listening",
    async () => {
      const token = "closedporttoken0123456789";
      return { url: await closedPortUrl(token), token, options: { maxAttempts: 2 } };
    },
  ],
];

describe("the webhook URL never leaks", () => {
  it.each(failures)("from the thrown error: %s", async (_name, setup) => {
    const { url, token, options } = await setup();
    const error = await rejection(forwardToSlack({ webhookUrl: url, ...options })(event));
    expect(error).toMatchObject({ name: "HeronSlackError" });
    const shown = everything(error);
    expectNoSecret(shown, token);
    expectNoSecret(shown, url);
    for (const line of logged) expectNoSecret(line, token);
  });

  it.each([
    ["an http URL to another host", "http://hooks.slack.com/services/T0/B0/plainhttptoken42"],
    ["not a URL", "hooks.slack.com/services/T0/B0/notaurltoken42"],
  ])("from INVALID_CONFIG: %s", (_name, url) => {
    const token = url.split("/").at(-1) ?? "";
    let error: unknown;
    try {
      forwardToSlack({ webhookUrl: url });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toMatchObject({ code: "INVALID_CONFIG" });
    expectNoSecret(everything(error), token);
  });

  it.each(failures)(
    "from core's log and the 500 Heron gets, no onError handler: %s",
    async (_name, setup) => {
      const { url, token, options } = await setup();
      const secret = "whsec_secrecy";
      const handler = createNodeHandler(
        createWebhooks({ secret }).on(
          "end_user.review_required",
          forwardToSlack({ webhookUrl: url, ...options }),
        ),
      );
      const server = createHttpServer(handler);
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as { port: number };
        const delivery = await createTestDelivery({ topic: "end_user.review_required", secret });
        const response = await fetch(`http://127.0.0.1:${port}/`, { method: "POST", ...delivery });
        expect(response.status).toBe(500);
        expectNoSecret(await response.text(), token);
      } finally {
        server.close();
      }
      // Core logged the failure (so it was not swallowed), without the URL.
      const all = logged.join("\n");
      expect(all).toContain("HeronSlackError");
      expectNoSecret(all, token);
    },
  );

  it("from onError's view of the failure", async () => {
    const webhook = slack.webhook({ state: "revoked" });
    const seen: unknown[] = [];
    const webhooks = createWebhooks({ secret: "s" })
      .on("*", forwardToSlack({ webhookUrl: webhook.url }))
      .onError((error) => {
        seen.push(error);
      });
    await rejection(webhooks.receive(event));
    expect(seen).toHaveLength(1);
    expect(everything(seen[0])).toContain("SLACK_REJECTED");
    expectNoSecret(everything(seen[0]), webhook.token);
  });
});
