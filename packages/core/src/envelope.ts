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

/**
 * The deepest nesting a body may have. Real Heron events nest a handful of levels; 512 is far past
 * them, yet well inside what the recursive code an event meets survives: `JSON.stringify`, deep
 * equality, a handler walking it, SQLite's JSON functions (they refuse 1000 levels) in an inbox.
 * Deeper is a malformed body, refused as soon as it is parsed: not the handler's problem.
 */
export const MAX_JSON_DEPTH = 512;

/**
 * Counts `char` in `text`, stopping once past `limit`: a few `indexOf` calls for a usual body. On the
 * decoded text, not the bytes: a plain Uint8Array's `indexOf` (a fetch body's) is many times slower
 * than a string's.
 */
function countUpTo(text: string, char: string, limit: number): number {
  let count = 0;
  for (let at = text.indexOf(char); at !== -1 && count <= limit; at = text.indexOf(char, at + 1)) {
    count++;
  }
  return count;
}

/** Only a body with more opening brackets than `limit` can nest deeper than that. */
function opensMoreThan(text: string, limit: number): boolean {
  const objects = countUpTo(text, "{", limit);
  return objects + countUpTo(text, "[", limit - objects) > limit;
}

/**
 * Whether parsed JSON nests arrays or objects more than `limit` deep. Walks the values, without
 * recursion: about a tenth of what parsing a 64 KiB body costs, where walking its bytes costs a
 * quarter. (JSON.parse itself does not recurse in V8 or JavaScriptCore.)
 */
function nestsDeeperThan(root: unknown, limit: number): boolean {
  const containers: unknown[] = [root];
  const depths: number[] = [1];
  const push = (child: unknown, depth: number) => {
    if (typeof child === "object" && child !== null) {
      containers.push(child);
      depths.push(depth);
    }
  };
  while (containers.length > 0) {
    const value = containers.pop() as object;
    const depth = depths.pop() as number;
    if (depth > limit) return true;
    // Indexes and `for...in` rather than Object.values: no array made per object (parsed JSON has
    // no inherited enumerable keys).
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) push(value[index], depth + 1);
    } else {
      for (const key in value) push((value as Record<string, unknown>)[key], depth + 1);
    }
  }
  return false;
}

/** Parses signed bytes into an event, checking the envelope Heron documents. */
export function parseEnvelope(bytes: Uint8Array): HeronWebhookEvent {
  let text: string;
  let value: unknown;
  try {
    text = decoder.decode(bytes);
    value = JSON.parse(text);
  } catch (cause) {
    throw new HeronWebhookError("INVALID_JSON", "The body is not valid UTF-8 JSON.", { cause });
  }
  if (typeof value === "object" && value !== null && opensMoreThan(text, MAX_JSON_DEPTH)) {
    if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
      throw new HeronWebhookError(
        "INVALID_JSON",
        `The body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`,
      );
    }
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
