import { parseArgs } from "node:util";
import { integerOption, parseCommand, strict, urlOption } from "../args.js";
import { loadCore } from "../core.js";
import { usageError } from "../errors.js";
import { Poster } from "../http.js";
import { readBody } from "../input.js";
import type { CliIo } from "../io.js";
import { parseOutgoing } from "../recording.js";
import { Reporter } from "../report.js";
import { signingSecret } from "../secrets.js";

function topicOf(body: Buffer): string | null {
  try {
    const { topic } = JSON.parse(body.toString("utf8")) as { topic?: unknown };
    return typeof topic === "string" ? topic : null;
  } catch {
    return null;
  }
}

export async function send(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand("send", () =>
    parseArgs({
      args: [...args],
      ...strict,
      options: {
        url: { type: "string" },
        secret: { type: "string", multiple: true },
        timeout: { type: "string" },
        json: { type: "boolean" },
      },
    }),
  );
  const url = urlOption("url", values.url);
  const secret = signingSecret(values.secret, io.env);
  const timeoutMs = integerOption("timeout", values.timeout, 10_000, 1);
  if (positionals.length === 0)
    throw usageError("name a FILE to send (see heron-webhooks send --help)");
  if (positionals.filter((file) => file === "-").length > 1)
    throw usageError("stdin (-) can be sent once");

  // Every file is read before anything is sent: an unreadable one stops the run untouched.
  const outgoing = [];
  for (const file of positionals)
    outgoing.push(parseOutgoing(file, await readBody(file, io, "send")));

  const { sign } = await loadCore();
  const reporter = new Reporter(io, { json: values.json ?? false, total: outgoing.length });
  const poster = new Poster(url, { timeoutMs, sockets: 1 });
  try {
    for (const { file, body, headers } of outgoing) {
      const signed = secret ? { ...headers, "heron-signature": await sign(body, secret) } : headers;
      reporter.add(await poster.outcome(body, signed, { file, topic: topicOf(body) }));
    }
  } finally {
    poster.close();
  }
  return reporter.finish() ? 0 : 1;
}
