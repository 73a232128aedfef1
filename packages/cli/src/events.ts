import { readFileSync } from "node:fs";
import { usageError } from "./errors.js";

export interface EventDraft {
  topic: string;
  created: string;
  data: Record<string, unknown>;
  meta?: unknown;
}

const TOPIC = /^[a-z0-9_]+\.[a-z0-9_]+$/;

/** `all` is every documented topic; anything else must look like `resource.event`. */
export function topicsFrom(
  positionals: readonly string[],
  knownTopics: readonly string[],
): string[] {
  if (positionals.length === 0) {
    throw usageError("name a topic, or all (see heron-webhooks trigger --help)");
  }
  return positionals.flatMap((topic) => {
    if (topic === "all") return [...knownTopics];
    if (!TOPIC.test(topic)) {
      throw usageError(
        `${JSON.stringify(topic)} is not a topic: expected resource.event, e.g. pdf.failed`,
      );
    }
    return [topic];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `--data '{"…"}'` or `--data @file.json`: a JSON object that replaces the sample's `data`. */
export function dataFrom(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let json = text;
  if (text.startsWith("@")) {
    try {
      json = readFileSync(text.slice(1), "utf8");
    } catch (error) {
      throw usageError(
        `cannot read --data file ${text.slice(1)}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      );
    }
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw usageError(`--data is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value))
    throw usageError("--data must be a JSON object (it becomes the event's data)");
  return value;
}

interface Assignment {
  path: string[];
  value: unknown;
}

/** `--set data.status=reviewed`: the value is JSON when it parses as JSON, else the text itself. */
export function assignmentsFrom(sets: readonly string[] | undefined): Assignment[] {
  return (sets ?? []).map((set) => {
    const at = set.indexOf("=");
    const path = at > 0 ? set.slice(0, at).split(".") : [];
    if (path.length === 0 || path.some((key) => key === "")) {
      throw usageError(
        `--set ${JSON.stringify(set)}: expected path=value, e.g. data.status=reviewed`,
      );
    }
    if (path[0] === "topic") throw usageError("--set cannot change the topic: name it instead");
    const text = set.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // Plain text, e.g. reviewed.
    }
    return { path, value };
  });
}

function assign(event: EventDraft, { path, value }: Assignment): void {
  let target: Record<string, unknown> = event as unknown as Record<string, unknown>;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      target[key] = value;
      return;
    }
    const next = target[key] ?? {};
    if (typeof next !== "object" || next === null) {
      throw usageError(
        `--set ${path.join(".")}: ${path.slice(0, index + 1).join(".")} is not an object`,
      );
    }
    target[key] = next;
    target = next as Record<string, unknown>;
  }
}

/** The sample event of a documented topic (or an empty one), with `--data` and `--set` applied. */
/** A sample event of core's testing entry, as far as drafting needs it. */
interface Sample {
  readonly topic: string;
  readonly created: string;
  readonly data: object;
  readonly meta?: unknown;
}

export function draftEvent(
  samples: Readonly<Record<string, Sample | undefined>>,
  topic: string,
  data: Record<string, unknown> | undefined,
  assignments: readonly Assignment[],
): EventDraft {
  const sample = samples[topic];
  const event = structuredClone(
    sample ?? { topic, created: new Date().toISOString(), data: {}, meta: null },
  ) as EventDraft;
  if (data) event.data = structuredClone(data);
  for (const assignment of assignments) assign(event, assignment);
  return event;
}
