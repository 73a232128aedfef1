import { HeronWebhookError } from "./errors.js";
import type { HeronWebhookEvent } from "./topics.js";

// Heron sends `2021-05-20T09:23:53+00:00` and also `2026-08-14T12:24:38.137886` (no offset: UTC).
const ISO_DATETIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

const decoder = new TextDecoder("utf-8", { fatal: true });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function invalid(message: string): HeronWebhookError {
  return new HeronWebhookError("INVALID_PAYLOAD", message);
}

/** Parses signed bytes into an event, checking the envelope Heron documents. */
export function parseEnvelope(bytes: Uint8Array): HeronWebhookEvent {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (cause) {
    throw new HeronWebhookError("INVALID_JSON", "The body is not valid UTF-8 JSON.", { cause });
  }
  if (!isPlainObject(value)) throw invalid("The body is JSON but not an object.");
  // `meta` is arbitrary customer metadata: optional, nullable, never checked.
  const { topic, created, data } = value;
  if (typeof topic !== "string" || topic === "")
    throw invalid("`topic` must be a non-empty string.");
  if (typeof created !== "string" || !ISO_DATETIME.test(created)) {
    throw invalid("`created` must be an ISO 8601 datetime string.");
  }
  if (!isPlainObject(data)) throw invalid("`data` must be an object.");
  return value as unknown as HeronWebhookEvent;
}

/** `created` as a Date. A value without an offset is UTC, as Heron documents. */
export function parseCreated(created: string): Date {
  const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/.test(created);
  // JS Dates take milliseconds; Heron may send microseconds.
  const trimmed = created.replace(/(\.\d{3})\d+/, "$1");
  return new Date(hasOffset ? trimmed : `${trimmed}Z`);
}
