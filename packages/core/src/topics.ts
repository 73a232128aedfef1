// Only the envelope is checked when an event is parsed (`topic`, `created`, `data` an object): Heron's own
// reference code sends `transactions.deleted` with an end user's fields, not the documented list. So every
// field of `data` is typed optional, as it is: check what you use. Fields not listed here are reached with
// a cast, so that a typo on a known field is a type error.

/** Statuses Heron documents for an end user; new ones may appear. */
export type EndUserStatus =
  | "new"
  | "ready"
  | "processed"
  | "reviewed"
  | "review_requested"
  | "failed"
  | (string & {});

export interface EndUserData {
  /** Heron's id of the end user, `eus_…`. */
  heron_id?: string;
  /** Your id for the end user, as you created it. */
  end_user_id?: string | null;
  status?: EndUserStatus;
}

export interface DeletedTransaction {
  /** Heron's id of the transaction, `txn_…`. */
  heron_id?: string;
  reference_id?: string | null;
}

export interface TransactionsDeletedData {
  transactions?: DeletedTransaction[];
}

/** A PDF resource. Only partly documented: what is known. */
export interface PdfData {
  /** Heron's id of the PDF, `pdf_…`. */
  heron_id?: string;
  status?: string;
  notes?: string | null;
  end_user?: Partial<EndUserData> | null;
}

/** `data` for each topic Heron documents. */
export interface TopicDataMap {
  "end_user.processed": EndUserData;
  "end_user.reviewed": EndUserData;
  /** @deprecated Heron: "please do not subscribe". Use `end_user.processed`. */
  "end_user.transactions_updated": EndUserData;
  "end_user.review_required": EndUserData;
  "transactions.deleted": TransactionsDeletedData;
  "transactions.updated": Record<string, unknown>;
  "pdf.processed": PdfData;
  "pdf.transactions_loaded": PdfData;
  "pdf.failed": PdfData;
}

export type KnownTopic = keyof TopicDataMap;

export const KNOWN_TOPICS = [
  "end_user.processed",
  "end_user.reviewed",
  "end_user.transactions_updated",
  "end_user.review_required",
  "transactions.deleted",
  "transactions.updated",
  "pdf.processed",
  "pdf.transactions_loaded",
  "pdf.failed",
] as const satisfies readonly KnownTopic[];

/** The envelope Heron posts. `created` is an ISO datetime in UTC, with or without an offset. */
export interface HeronEventEnvelope<Topic extends string, Data> {
  topic: Topic;
  created: string;
  data: Data;
  meta?: unknown;
}

export type TopicEventMap = { [T in KnownTopic]: HeronEventEnvelope<T, TopicDataMap[T]> };

/** An event whose topic this version does not know yet: a normal event, never an error. */
export type UnknownTopicEvent = HeronEventEnvelope<string, Record<string, unknown>>;

export type KnownHeronWebhookEvent = TopicEventMap[KnownTopic];

/** Narrow with `isKnownEvent(event)` and then switch on `event.topic`, or use `isTopic`. */
export type HeronWebhookEvent = KnownHeronWebhookEvent | UnknownTopicEvent;

export type HeronResource = KnownTopic extends `${infer R}.${string}` ? R : never;
export type HeronResourceWildcard = `${HeronResource}.*`;

/** What `.on()` accepts: a documented topic, every topic of a resource, or `"*"` for all. */
export type TopicPattern = KnownTopic | HeronResourceWildcard | "*";

/** The event a handler for `Pattern` receives. */
export type EventFor<Pattern extends TopicPattern> = Pattern extends "*"
  ? HeronWebhookEvent
  : Pattern extends `${infer R}.*`
    ? TopicEventMap[Extract<KnownTopic, `${R}.${string}`>]
    : Pattern extends KnownTopic
      ? TopicEventMap[Pattern]
      : never;

const known: ReadonlySet<string> = new Set(KNOWN_TOPICS);

export function isKnownTopic(topic: string): topic is KnownTopic {
  return known.has(topic);
}

export function isKnownEvent(event: HeronWebhookEvent): event is KnownHeronWebhookEvent {
  return isKnownTopic(event.topic);
}

export function isTopic<T extends KnownTopic>(
  event: HeronWebhookEvent,
  topic: T,
): event is TopicEventMap[T] {
  return event.topic === topic;
}

export function isTopicPattern(value: unknown): value is TopicPattern {
  if (typeof value !== "string") return false;
  if (value === "*" || known.has(value)) return true;
  return value.endsWith(".*") && KNOWN_TOPICS.some((topic) => topic.startsWith(value.slice(0, -1)));
}

/** Whether a handler registered for `pattern` receives an event on `topic`. */
export function patternMatches(pattern: TopicPattern, topic: string): boolean {
  if (pattern === "*") return true;
  if (!known.has(topic)) return false;
  return pattern.endsWith(".*") ? topic.startsWith(pattern.slice(0, -1)) : pattern === topic;
}
