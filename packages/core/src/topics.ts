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
  heron_id: string;
  end_user_id: string;
  status: EndUserStatus;
  [field: string]: unknown;
}

export interface DeletedTransaction {
  heron_id: string;
  reference_id: string | null;
  [field: string]: unknown;
}

export interface TransactionsDeletedData {
  transactions: DeletedTransaction[];
  [field: string]: unknown;
}

/** A PDF resource. Only partly documented, so everything else stays open. */
export interface PdfData {
  heron_id: string;
  status?: string;
  notes?: string | null;
  end_user?: Partial<EndUserData> | null;
  [field: string]: unknown;
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

export type Resource = KnownTopic extends `${infer R}.${string}` ? R : never;
export type ResourceWildcard = `${Resource}.*`;

/** What `.on()` accepts: a documented topic, every topic of a resource, or `"*"` for all. */
export type TopicPattern = KnownTopic | ResourceWildcard | "*";

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
