import type { HeronWebhookEvent } from "@heron-webhooks/core";

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);

/** The ids and status a person looks for in an event's `data`, whatever its topic. */
export function eventSummary(event: HeronWebhookEvent): string[] {
  const data = event.data as Record<string, unknown>;
  const endUser = (data.end_user ?? {}) as Record<string, unknown>;
  const parts = [
    text(data.heron_id),
    text(data.end_user_id) ?? text(endUser.end_user_id),
    text(data.status),
  ];
  if (Array.isArray(data.transactions)) {
    const count = data.transactions.length;
    parts.push(`${count} transaction${count === 1 ? "" : "s"}`);
  }
  return parts.filter((part): part is string => part !== undefined);
}
