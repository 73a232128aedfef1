import { parseArgs } from "node:util";
import { integerOption, parseCommand, strict, urlOption } from "../args.js";
import { loadCore, loadTesting } from "../core.js";
import { usageError } from "../errors.js";
import { assignmentsFrom, dataFrom, draftEvent, topicsFrom } from "../events.js";
import { Poster } from "../http.js";
import type { CliIo } from "../io.js";
import { Reporter } from "../report.js";
import { requireSecrets } from "../secrets.js";

const HERON_TIMEOUT_MS = 10_000;

export async function trigger(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand("trigger", () =>
    parseArgs({
      args: [...args],
      ...strict,
      options: {
        url: { type: "string" },
        secret: { type: "string", multiple: true },
        data: { type: "string" },
        set: { type: "string", multiple: true },
        count: { type: "string" },
        concurrency: { type: "string" },
        timeout: { type: "string" },
        pretty: { type: "boolean" },
        json: { type: "boolean" },
      },
    }),
  );
  const url = urlOption("url", values.url);
  const secrets = requireSecrets(values.secret, io.env);
  if (secrets.length > 1) throw usageError("trigger signs with one secret: pass --secret once");
  const [{ KNOWN_TOPICS }, { createTestDelivery, sampleEvents }] = await Promise.all([
    loadCore(),
    loadTesting(),
  ]);
  const topics = topicsFrom(positionals, KNOWN_TOPICS);
  const data = dataFrom(values.data);
  const assignments = assignmentsFrom(values.set);
  const count = integerOption("count", values.count, 1, 1, 1_000_000);
  const concurrency = integerOption("concurrency", values.concurrency, 1, 1, 256);
  const timeoutMs = integerOption("timeout", values.timeout, HERON_TIMEOUT_MS, 1);

  // Each topic's delivery is signed once and sent `count` times, byte for byte, as Heron's retries are.
  const deliveries = await Promise.all(
    topics.map(async (topic) => {
      const event = draftEvent(sampleEvents, topic, data, assignments);
      const delivery = await createTestDelivery({
        ...event,
        secret: secrets[0] as string,
        prettyPrintAfterSigning: values.pretty ?? false,
      });
      return { topic, body: Buffer.from(delivery.body), headers: delivery.headers };
    }),
  );
  const queue = Array.from({ length: count }, () => deliveries).flat();
  const reporter = new Reporter(io, { json: values.json ?? false, total: queue.length });
  const poster = new Poster(url, { timeoutMs, sockets: concurrency });

  let next = 0;
  async function work(): Promise<void> {
    while (next < queue.length) {
      const { topic, body, headers } = queue[next++] as (typeof queue)[number];
      const outcome = await poster.outcome(body, headers, { topic }).catch((error: unknown) => {
        next = queue.length; // Nothing listens: the other workers stop too.
        throw error;
      });
      reporter.add(outcome);
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, work));
  } finally {
    poster.close();
  }
  return reporter.finish() ? 0 : 1;
}
