import type { ContextBlockElement, KnownBlock, TextObject } from "@slack/types";
import type { SlackMessage } from "./message.js";
import { cut } from "./mrkdwn.js";

/** Slack's documented Block Kit limits for a message; Slack refuses a payload over them. */
export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  /** Slack truncates a message's `text` past 40,000 characters; the fallback is kept far shorter. */
  text: 3000,
} as const;

function fitText<T extends TextObject>(object: T, max: number): T {
  // Slack refuses empty text objects too.
  const text = object.text === "" ? " " : cut(object.text, max);
  return text === object.text ? object : { ...object, text };
}

function fitBlock(block: KnownBlock): KnownBlock {
  switch (block.type) {
    case "header":
      return { ...block, text: fitText(block.text, SLACK_LIMITS.headerText) };
    case "section":
      return {
        ...block,
        ...(block.text && { text: fitText(block.text, SLACK_LIMITS.sectionText) }),
        ...(block.fields && {
          fields: block.fields
            .slice(0, SLACK_LIMITS.sectionFields)
            .map((field) => fitText(field, SLACK_LIMITS.fieldText)),
        }),
      };
    case "context":
      return {
        ...block,
        elements: block.elements
          .slice(0, SLACK_LIMITS.contextElements)
          .map((element: ContextBlockElement) =>
            element.type === "image" ? element : fitText(element, SLACK_LIMITS.contextText),
          ),
      };
    default:
      return block;
  }
}

/**
 * Brings any message within Slack's limits: long texts cut with an ellipsis, extra fields dropped, and past
 * 50 blocks the last one says how many were left out. Applied to the built-in rendering and to overrides.
 */
export function fitMessage(message: SlackMessage): SlackMessage {
  let blocks = message.blocks.map(fitBlock);
  if (blocks.length > SLACK_LIMITS.blocks) {
    const kept = SLACK_LIMITS.blocks - 1;
    const note: KnownBlock = {
      type: "context",
      elements: [{ type: "mrkdwn", text: `…and ${blocks.length - kept} more blocks not shown.` }],
    };
    blocks = [...blocks.slice(0, kept), note];
  }
  const text = message.text === "" ? " " : cut(message.text, SLACK_LIMITS.text);
  return { ...message, text, blocks };
}
