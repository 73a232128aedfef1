import { parseArgs } from "node:util";
import type { VerifiedDelivery } from "@heron-webhooks/core";
import { parseCommand, strict } from "../args.js";
import { loadCore } from "../core.js";
import { usageError } from "../errors.js";
import { readBody } from "../input.js";
import { type CliIo, styleFor } from "../io.js";
import { requireSecrets } from "../secrets.js";

// These are checked after the signature matched: say so, it is the first thing a person asks.
const AFTER_SIGNATURE = new Set(["INVALID_JSON", "INVALID_PAYLOAD"]);

function describeMatch(delivery: VerifiedDelivery, secretCount: number): string {
  const which =
    secretCount > 1 ? `secret #${delivery.secretIndex + 1} of ${secretCount}` : "the secret";
  const spacing = delivery.whitespaceNormalized
    ? ", once JSON whitespace is removed (the body was re-spaced after signing)"
    : "";
  return `valid: signed with ${which}${spacing}`;
}

export async function verify(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand("verify", () =>
    parseArgs({
      args: [...args],
      ...strict,
      options: {
        signature: { type: "string" },
        secret: { type: "string", multiple: true },
        json: { type: "boolean" },
      },
    }),
  );
  if (values.signature === undefined) {
    throw usageError("--signature SIG is required: the Heron-Signature header value");
  }
  if (positionals.length > 1) throw usageError("verify takes one FILE (or - for stdin)");
  const secrets = requireSecrets(values.secret, io.env);
  const body = await readBody(positionals[0], io, "verify");
  // Any size: this checks a file, it is not a server guarding its memory.
  const { createWebhooks, isHeronWebhookError } = await loadCore();
  const webhooks = createWebhooks({
    secret: secrets,
    maxBodyBytes: Math.max(body.byteLength, 1),
  }).onError(() => {}); // The verdict below says it all; core would also warn on its own.
  const style = styleFor(io.stdout, io.env);
  try {
    const delivery = await webhooks.verifyAndReceive({
      rawBody: body,
      headers: { "heron-signature": values.signature },
    });
    const { secretIndex, whitespaceNormalized } = delivery;
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ valid: true, error: null, message: null, secretIndex, whitespaceNormalized, topic: delivery.event.topic })}\n`
        : `${style.green(describeMatch(delivery, secrets.length))}\n`,
    );
    return 0;
  } catch (error) {
    if (!isHeronWebhookError(error)) throw error;
    const matched = AFTER_SIGNATURE.has(error.code);
    const reason = error.message;
    const message = matched
      ? `the signature matches, but ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`
      : reason;
    io.stdout.write(
      values.json
        ? `${JSON.stringify({ valid: false, error: error.code, message, secretIndex: null, whitespaceNormalized: null, topic: null })}\n`
        : `${style.red(`invalid: ${error.code}`)}: ${message}\n`,
    );
    return 1;
  }
}
