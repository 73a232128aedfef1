import {
  type HeronWebhookEvent,
  isKnownTopic,
  type KnownHeronWebhookEvent,
} from "@heron-webhooks/core";
import type { KnownBlock } from "@slack/types";
import { fitMessage, SLACK_LIMITS } from "./limits.js";
import type { SlackMessage, SlackMessageOptions, SlackRenderer } from "./message.js";
import { cut, escapeMrkdwn } from "./mrkdwn.js";

/** What a topic says, before it becomes blocks. Every string here is already escaped mrkdwn. */
interface Summary {
  /** Plain text for the header; never from the event. */
  title: string;
  headline: string;
  /** Topics that need someone to act: the notification says so first. */
  urgent?: boolean;
  fields?: [label: string, value: string | undefined][];
  details?: string[];
}

// Longest identifier or status shown inline; anything longer is not an id a person reads.
const MAX_VALUE = 200;
// Transactions listed one per line before "and N more".
const MAX_LISTED = 20;

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

/** An event value, escaped, cut, as inline code. */
function code(value: unknown): string | undefined {
  const raw = text(value);
  return raw === undefined ? undefined : `\`${cut(escapeMrkdwn(raw), MAX_VALUE)}\``;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** "end user `myenduser` (`eus_…`)", from what is known of it. */
function endUser(value: unknown): string | undefined {
  const data = record(value);
  const name = code(data.end_user_id);
  const id = code(data.heron_id);
  if (name && id) return `end user ${name} (${id})`;
  return name || id ? `end user ${name ?? id}` : undefined;
}

function json(value: unknown, max: number): string {
  const body = cut(escapeMrkdwn(JSON.stringify(value, null, 2) ?? String(value)), max - 8);
  return `\`\`\`\n${body}\n\`\`\``;
}

function endUserSummary(event: KnownHeronWebhookEvent & { topic: `end_user.${string}` }): Summary {
  const who = endUser(event.data) ?? "an end user";
  switch (event.topic) {
    case "end_user.review_required":
      return {
        title: ":rotating_light: Review required",
        headline: `*Review required* for ${who}: a rule was broken during processing.`,
        urgent: true,
      };
    case "end_user.processed":
      return {
        title: ":white_check_mark: End user processed",
        headline: `Heron processed ${who}.`,
      };
    case "end_user.reviewed":
      return {
        title: ":ballot_box_with_check: End user reviewed",
        headline: `${cap(who)} was reviewed.`,
      };
    default:
      return {
        title: ":arrows_counterclockwise: End user transactions updated",
        headline: `Transactions of ${who} were updated.`,
        details: ["_Heron deprecated this topic: subscribe to `end_user.processed` instead._"],
      };
  }
}

function cap(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

function pdfSummary(event: KnownHeronWebhookEvent & { topic: `pdf.${string}` }): Summary {
  const pdf = code(event.data.heron_id) ?? "(no id)";
  const owner = endUser(event.data.end_user);
  const forOwner = owner ? ` for ${owner}` : "";
  const notes = text(event.data.notes);
  const details = notes ? [`*Notes*\n${cut(escapeMrkdwn(notes), 2000)}`] : [];
  switch (event.topic) {
    case "pdf.failed":
      return {
        title: ":x: PDF failed",
        headline: `*Heron could not process PDF* ${pdf}${forOwner}.`,
        urgent: true,
        details,
      };
    case "pdf.processed":
      return {
        title: ":page_facing_up: PDF processed",
        headline: `PDF ${pdf}${forOwner} was processed.`,
        details,
      };
    default:
      return {
        title: ":inbox_tray: PDF transactions loaded",
        headline: `Transactions from PDF ${pdf} were loaded${owner ? ` into ${owner}` : ""}.`,
        details,
      };
  }
}

/** One line per transaction, as many as fit in a section, then how many were left out. */
function transactionList(transactions: unknown[]): string {
  const budget = SLACK_LIMITS.sectionText - "…and 000000 more.".length;
  const lines: string[] = [];
  let length = 0;
  for (const item of transactions.slice(0, MAX_LISTED)) {
    const transaction = record(item);
    const reference = code(transaction.reference_id);
    const line = `• ${code(transaction.heron_id) ?? "(no id)"}${reference ? ` (reference ${reference})` : ""}`;
    if (length + line.length + 1 > budget) break;
    lines.push(line);
    length += line.length + 1;
  }
  const more = transactions.length - lines.length;
  return [...lines, ...(more > 0 ? [`…and ${more} more.`] : [])].join("\n");
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function summarize(event: HeronWebhookEvent): Summary {
  if (!isKnownTopic(event.topic)) {
    return {
      title: ":bell: Heron event",
      headline: `Heron sent an event on ${code(event.topic)}.`,
      details: [`*Data*\n${json(event.data, SLACK_LIMITS.sectionText - 9)}`],
    };
  }
  const known = event as KnownHeronWebhookEvent;
  switch (known.topic) {
    case "end_user.processed":
    case "end_user.reviewed":
    case "end_user.transactions_updated":
    case "end_user.review_required":
      return endUserSummary(known);
    case "pdf.processed":
    case "pdf.transactions_loaded":
    case "pdf.failed":
      return pdfSummary(known);
    case "transactions.deleted": {
      const transactions = Array.isArray(known.data.transactions) ? known.data.transactions : [];
      return {
        title: ":wastebasket: Transactions deleted",
        headline: `Heron deleted ${plural(transactions.length, "transaction")}.`,
        details: transactions.length ? [transactionList(transactions)] : [],
      };
    }
    case "transactions.updated": {
      const who = endUser(known.data) ?? "an end user";
      const transactions = record(known.data).transactions;
      const count = Array.isArray(transactions)
        ? ` (${plural(transactions.length, "transaction")})`
        : "";
      return {
        title: ":arrows_counterclockwise: Transactions updated",
        headline: `Transactions of ${who} were updated${count}.`,
      };
    }
  }
}

/** `created` as "2026-08-14 12:24:38 UTC"; a value without an offset is UTC, as Heron sends it. */
function created(value: unknown): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const hasOffset = /(?:Z|[+-]\d\d:?\d\d)$/i.test(raw);
  const date = new Date(hasOffset ? raw : `${raw}Z`);
  if (Number.isNaN(date.getTime())) return cut(escapeMrkdwn(raw), MAX_VALUE);
  return `${date.toISOString().slice(0, 19).replace("T", " ")} UTC`;
}

function mrkdwn(textValue: string) {
  // verbatim: Slack leaves bare URLs and channel names in event text as written.
  return { type: "mrkdwn" as const, text: textValue, verbatim: true };
}

function defaultMessage(event: HeronWebhookEvent): SlackMessage {
  const summary = summarize(event);
  const data = record(event.data);
  const fields: [string, string | undefined][] = summary.fields ?? [
    ["Topic", code(event.topic)],
    ["Status", code(data.status)],
  ];
  const shown = fields.filter((field): field is [string, string] => field[1] !== undefined);
  const blocks: KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: summary.title, emoji: true } },
    { type: "section", text: mrkdwn(summary.headline) },
  ];
  if (shown.length) {
    blocks.push({
      type: "section",
      fields: shown.map(([label, value]) => mrkdwn(`*${label}*\n${value}`)),
    });
  }
  for (const detail of summary.details ?? [])
    blocks.push({ type: "section", text: mrkdwn(detail) });
  if (event.meta !== undefined && event.meta !== null) {
    blocks.push({
      type: "section",
      text: mrkdwn(`*Meta*\n${json(event.meta, SLACK_LIMITS.sectionText - 9)}`),
    });
  }
  const sent = created(event.created);
  blocks.push({
    type: "context",
    elements: [
      mrkdwn(`Sent by Heron${sent ? ` at ${sent}` : ""} · ${code(event.topic) ?? "(no topic)"}`),
    ],
  });
  // Slack formats `text` as mrkdwn too, so the headline serves as the notification as it is.
  return {
    text: summary.urgent ? `:rotating_light: ${summary.headline}` : summary.headline,
    blocks,
  };
}

/**
 * The Incoming Webhook payload for a Heron event: a `text` notification and Block Kit `blocks` worded for
 * people, every value from the event escaped, within Slack's limits. `options.render` replaces the
 * rendering of chosen topics.
 */
export function toSlackMessage(
  event: HeronWebhookEvent,
  options: SlackMessageOptions = {},
): SlackMessage {
  const render = options.render;
  const custom = (render?.[event.topic as keyof typeof render] ?? render?.["*"]) as
    | SlackRenderer<HeronWebhookEvent>
    | undefined;
  return fitMessage(custom ? custom(event) : defaultMessage(event));
}
