import { sign } from "@heron-webhooks/core";
import { isKnownTopic, type KnownTopic, type TopicDataMap } from "../topics.js";
import { sampleEvents } from "./samples.js";

export interface TestDeliveryOptions<Topic extends string> {
  topic: Topic;
  secret: string;
  /** Defaults to the sample event's data for a known topic, `{}` otherwise. */
  data?: Topic extends KnownTopic ? TopicDataMap[Topic] : Record<string, unknown>;
  created?: string;
  meta?: unknown;
  /** Sign the compact JSON, then send it indented, as a sender that pretty-prints after signing would. */
  prettyPrintAfterSigning?: boolean;
}

export interface TestDelivery {
  /** The raw body, exactly as signed (or re-spaced, with `prettyPrintAfterSigning`). */
  body: string;
  headers: { "content-type": string; "heron-signature": string };
}

/** A signed delivery, as Heron would post it: for tests of your own webhook route. */
export async function createTestDelivery<Topic extends string>(
  options: TestDeliveryOptions<Topic>,
): Promise<TestDelivery> {
  const sample = isKnownTopic(options.topic) ? sampleEvents[options.topic] : undefined;
  const event = {
    topic: options.topic,
    created: options.created ?? sample?.created ?? new Date().toISOString(),
    data: options.data ?? sample?.data ?? {},
    meta: options.meta === undefined ? (sample?.meta ?? null) : options.meta,
  };
  const signed = JSON.stringify(event);
  return {
    body: options.prettyPrintAfterSigning ? JSON.stringify(event, null, 2) : signed,
    headers: {
      "content-type": "application/json",
      "heron-signature": await sign(signed, options.secret),
    },
  };
}
