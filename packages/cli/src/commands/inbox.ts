import { parseArgs } from "node:util";
import type { DeliveryStatus, InboxStore, StoredDelivery } from "@heron-webhooks/core/store";
import { integerOption, parseCommand, strict } from "../args.js";
import { CliError, runError, usageError } from "../errors.js";
import { type CliIo, type Style, styleFor } from "../io.js";
import { openStore } from "../stores.js";

const STATUSES: readonly DeliveryStatus[] = ["pending", "running", "done", "dead"];
const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** `7d`, `12h`, `30m`, `90s` in milliseconds. */
function durationOption(text: string | undefined): number {
  const match = /^(\d+)([smhd])$/.exec(text ?? "");
  if (!match) {
    throw usageError(
      `--older-than must be a duration such as 7d, 12h, 30m or 90s${text === undefined ? "" : `, got ${JSON.stringify(text)}`}`,
    );
  }
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** The fields a person or a script reads; the body only in `show`. */
function summary(delivery: StoredDelivery) {
  return {
    id: delivery.id,
    topic: delivery.topic,
    status: delivery.status,
    attempt: delivery.attempt,
    receivedAt: iso(delivery.receivedAt),
    runAt: iso(delivery.runAt),
    updatedAt: iso(delivery.updatedAt),
    doneHandlers: delivery.doneHandlers,
    lastError: delivery.lastError,
  };
}

function bodyText(body: Uint8Array): { body?: string; bodyBase64?: string } {
  try {
    return { body: utf8.decode(body) };
  } catch {
    return { bodyBase64: Buffer.from(body).toString("base64") };
  }
}

function statusText(style: Style, status: DeliveryStatus): string {
  const padded = status.padEnd(7);
  if (status === "dead") return style.red(padded);
  if (status === "done") return style.green(padded);
  return style.yellow(padded);
}

type Action = (store: InboxStore, out: (human: string, json: unknown) => void) => Promise<number>;

function actionFor(
  positionals: readonly string[],
  values: {
    dead?: boolean;
    "older-than"?: string;
    status?: string;
    topic?: string;
    limit?: string;
    cursor?: string;
  },
  style: Style,
): Action {
  const [action, id, ...extra] = positionals;
  if (extra.length > 0 || (id !== undefined && action !== "show" && action !== "replay")) {
    throw usageError(
      `unexpected argument ${JSON.stringify(extra[0] ?? id)} (see heron-webhooks inbox --help)`,
    );
  }
  switch (action) {
    case "stats":
      return async (store, out) => {
        const { counts, oldestUnfinishedReceivedAt } = await store.stats();
        const lines = STATUSES.map((status) => `${statusText(style, status)} ${counts[status]}`);
        const oldest = iso(oldestUnfinishedReceivedAt);
        lines.push(`oldest unfinished: ${oldest ?? "none"}`);
        out(lines.join("\n"), { counts, oldestUnfinishedReceivedAt: oldest });
        return 0;
      };
    case "list": {
      const status = values.status as DeliveryStatus | undefined;
      if (status !== undefined && !STATUSES.includes(status)) {
        throw usageError(`--status must be one of ${STATUSES.join(", ")}`);
      }
      const limit = integerOption("limit", values.limit, 50, 1, 1000);
      return async (store, out) => {
        const page = await store.list({
          ...(status ? { status } : {}),
          ...(values.topic ? { topic: values.topic } : {}),
          ...(values.cursor ? { cursor: values.cursor } : {}),
          limit,
        });
        for (const delivery of page.deliveries) {
          const { id, topic, attempt, receivedAt, lastError } = summary(delivery);
          const human = [
            style.dim(receivedAt ?? ""),
            statusText(style, delivery.status),
            `#${attempt}`,
            topic.padEnd(29),
            id,
            lastError ? style.red(lastError) : "",
          ];
          out(human.join("  ").trimEnd(), { type: "delivery", ...summary(delivery) });
        }
        if (page.nextCursor)
          out(style.dim(`more: --cursor ${page.nextCursor}`), {
            type: "more",
            cursor: page.nextCursor,
          });
        return 0;
      };
    }
    case "show":
      if (id === undefined) throw usageError("inbox show needs the delivery's ID");
      return async (store, out) => {
        const delivery = await store.get(id);
        if (!delivery) throw runError(`no delivery ${JSON.stringify(id)} in this inbox`);
        const fields = {
          ...summary(delivery),
          key: delivery.key,
          signature: delivery.signature,
          ...bodyText(delivery.body),
        };
        const human = Object.entries(fields)
          .filter(([name]) => name !== "body" && name !== "bodyBase64")
          .map(
            ([name, value]) =>
              `${`${name}:`.padEnd(14)}${Array.isArray(value) ? value.join(", ") || "-" : (value ?? "-")}`,
          );
        human.push("", fields.body ?? `(not UTF-8; base64) ${fields.bodyBase64}`);
        out(human.join("\n"), fields);
        return 0;
      };
    case "replay":
      if (values.dead && id !== undefined)
        throw usageError("inbox replay takes an ID or --dead, not both");
      if (values.dead) {
        return async (store, out) => {
          const replayed = await store.replayDead(Date.now());
          out(`replayed ${replayed} dead ${replayed === 1 ? "delivery" : "deliveries"}`, {
            replayed,
          });
          return 0;
        };
      }
      if (id === undefined) throw usageError("inbox replay needs a delivery's ID, or --dead");
      return async (store, out) => {
        if (await store.replay(id, Date.now())) {
          out(`replayed ${id}: pending, a worker runs it next`, { replayed: 1, id });
          return 0;
        }
        const delivery = await store.get(id);
        throw runError(
          delivery
            ? `${id} is ${delivery.status}: only a done or dead delivery can be replayed`
            : `no delivery ${JSON.stringify(id)} in this inbox`,
        );
      };
    case "purge": {
      const olderThanMs = durationOption(values["older-than"]);
      return async (store, out) => {
        const before = Date.now() - olderThanMs;
        const purged = await store.purge({ olderThan: before });
        out(
          `purged ${purged} done and dead ${purged === 1 ? "delivery" : "deliveries"} received before ${iso(before)}`,
          { purged, receivedBefore: iso(before) },
        );
        return 0;
      };
    }
    default:
      throw usageError(
        action === undefined
          ? "name what to do: stats, list, show ID, replay ID, replay --dead or purge (see heron-webhooks inbox --help)"
          : `unknown inbox action ${JSON.stringify(action)} (see heron-webhooks inbox --help)`,
      );
  }
}

export async function inbox(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand("inbox", () =>
    parseArgs({
      args: [...args],
      ...strict,
      options: {
        store: { type: "string" },
        json: { type: "boolean" },
        dead: { type: "boolean" },
        "older-than": { type: "string" },
        status: { type: "string" },
        topic: { type: "string" },
        limit: { type: "string" },
        cursor: { type: "string" },
        schema: { type: "string" },
        table: { type: "string" },
        prefix: { type: "string" },
      },
    }),
  );
  const action = actionFor(positionals, values, styleFor(io.stdout, io.env));
  const { schema, table, prefix } = values;
  const store = await openStore(values.store, {
    ...(schema === undefined ? {} : { schema }),
    ...(table === undefined ? {} : { table }),
    ...(prefix === undefined ? {} : { prefix }),
  });
  const out = (human: string, json: unknown) =>
    io.stdout.write(`${values.json ? JSON.stringify(json) : human}\n`);
  try {
    return await action(store, out);
  } catch (error) {
    // The store's refusals (a cursor it did not make, a database that is down) are one line too.
    if (error instanceof CliError || !(error instanceof Error)) throw error;
    throw runError(`the inbox failed: ${error.message}`);
  } finally {
    await store.close?.();
  }
}
