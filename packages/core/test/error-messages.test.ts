import { createHmac } from "node:crypto";
import {
  constructEvent,
  createWebhooks,
  type HeronWebhookError,
  sign,
  type WebhookSecret,
} from "@heron-webhooks/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rejectionOf, thrownBy } from "./support/errors.js";

const realisticSecret = fc
  .uint8Array({ minLength: 12, maxLength: 32 })
  .map((bytes) => `sec_${Buffer.from(bytes).toString("base64")}`);

/** Everything a log line could show of an error: message, stack, JSON and causes. */
function everythingShown(error: HeronWebhookError): string {
  const causes = [error.cause, ...error.errors].map((cause) =>
    cause instanceof Error ? `${cause.message}\n${cause.stack}` : String(cause),
  );
  return [error.message, String(error), error.stack, JSON.stringify(error), ...causes].join("\n");
}

/** Every failure core reports, for a delivery meant for `secret`. */
async function everyFailure(secret: string): Promise<HeronWebhookError[]> {
  const body = '{"topic":"pdf.failed","created":"2021-05-20T09:23:53+00:00","data":{}}';
  const signature = await sign(body, secret);
  const signed = async (raw: string) => constructEvent(raw, await sign(raw, secret), secret);
  const failures = await Promise.all([
    rejectionOf(constructEvent(body, await sign(body, `${secret}x`), secret)),
    rejectionOf(constructEvent(`${body} `.replace("pdf", "PDF"), signature, secret)),
    rejectionOf(constructEvent(body, signature.slice(1), secret)),
    rejectionOf(constructEvent(body, undefined, secret)),
    rejectionOf(constructEvent(body, signature, secret, { maxBodyBytes: 10 })),
    rejectionOf(signed("not JSON")),
    rejectionOf(signed(JSON.stringify({ topic: 42 }))),
    rejectionOf(constructEvent(body, signature, [secret, " "])),
    rejectionOf(constructEvent({} as string, signature, secret)),
  ]);
  const configs: unknown[] = [
    [secret, ""],
    [secret, 42],
    [secret, null],
  ];
  for (const config of configs) {
    failures.push(thrownBy(() => createWebhooks({ secret: config as WebhookSecret })));
  }
  const reported: HeronWebhookError[] = [];
  const webhooks = createWebhooks({ secret })
    .on("*", () => {
      throw new Error("handler failure");
    })
    .onError((error) => {
      reported.push(error);
    });
  const headers = { "heron-signature": await sign(`${body}!`, secret) };
  await rejectionOf(webhooks.verifyAndReceive({ rawBody: body, headers }));
  await rejectionOf(
    webhooks.verifyAndReceive({ rawBody: body, headers: { "heron-signature": signature } }),
  );
  return [...failures, ...reported];
}

describe("error messages", () => {
  it("never show the secret or the expected signature", async () => {
    await fc.assert(
      fc.asyncProperty(realisticSecret, async (secret) => {
        const failures = await everyFailure(secret);
        const codes = new Set(failures.map((failure) => failure.code));
        expect([...codes].sort()).toEqual([
          "HANDLER_FAILED",
          "INVALID_CONFIG",
          "INVALID_JSON",
          "INVALID_PAYLOAD",
          "MALFORMED_SIGNATURE",
          "MISSING_SIGNATURE",
          "PAYLOAD_TOO_LARGE",
          "RAW_BODY_UNAVAILABLE",
          "SIGNATURE_MISMATCH",
        ]);
        const body = '{"topic":"pdf.failed","created":"2021-05-20T09:23:53+00:00","data":{}}';
        const expected = createHmac("sha256", secret).update(body).digest();
        const hidden = [secret, expected.toString("base64"), expected.toString("hex")];
        for (const failure of failures) {
          const shown = everythingShown(failure);
          for (const value of hidden) expect(shown).not.toContain(value);
        }
      }),
      { numRuns: 30 },
    );
  });

  it("the log line written without onError shows no secret either", async () => {
    const secret = "sec_never_logged_7f3a";
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => lines.push(args.join(" "));
    try {
      const webhooks = createWebhooks({ secret }).on("*", () => {
        throw new Error("handler failure");
      });
      const body = '{"topic":"pdf.failed","created":"2021-05-20T09:23:53+00:00","data":{}}';
      const rawBody = JSON.parse(body) as string;
      await rejectionOf(webhooks.verifyAndReceive({ rawBody, headers: {} }));
      const headers = { "heron-signature": await sign(body, secret) };
      await rejectionOf(webhooks.verifyAndReceive({ rawBody: body, headers }));
    } finally {
      console.error = original;
    }
    const logged = lines.join("\n");
    expect(logged).toContain("RAW_BODY_UNAVAILABLE");
    expect(logged).toContain("HANDLER_FAILED");
    expect(logged).not.toContain(secret);
    expect(logged).not.toMatch(/\n\s+at /);
  });
});
