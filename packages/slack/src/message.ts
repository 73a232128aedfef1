import type { HeronWebhookEvent, KnownTopic, TopicEventMap } from "@heron-webhooks/core";
import type { KnownBlock } from "@slack/types";

/** An Incoming Webhook payload: `text` is the notification and the fallback, `blocks` what people read. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

export type SlackRenderer<Event> = (event: Event) => SlackMessage;

/**
 * Renderings that replace the built-in one, by topic; `"*"` renders every topic without its own entry,
 * unknown topics included. What they return is still brought within Slack's limits. Escape the event's
 * text with `escapeMrkdwn` before putting it in mrkdwn.
 */
export type SlackRenderers = { [T in KnownTopic]?: SlackRenderer<TopicEventMap[T]> } & {
  "*"?: SlackRenderer<HeronWebhookEvent>;
};

export interface SlackMessageOptions {
  render?: SlackRenderers;
}
