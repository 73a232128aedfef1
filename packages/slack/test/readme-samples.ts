// The README's "What each topic looks like": every sample event through toSlackMessage, shown as
// GitHub Markdown close to what Slack shows, with the payload itself beside it.
import { type HeronWebhookEvent, KNOWN_TOPICS } from "@heron-webhooks/core";
import { sampleEvents } from "@heron-webhooks/core/testing";
import { type SlackMessage, toSlackMessage } from "@heron-webhooks/slack";

const EMOJI: Record<string, string> = {
  rotating_light: "🚨",
  white_check_mark: "✅",
  ballot_box_with_check: "☑️",
  arrows_counterclockwise: "🔄",
  wastebasket: "🗑️",
  page_facing_up: "📄",
  inbox_tray: "📥",
  x: "❌",
  bell: "🔔",
};

export const unknownSample: HeronWebhookEvent = {
  topic: "loan.approved",
  created: "2026-08-14T12:24:38.137886",
  data: { loan_id: "ln_42", amount: 25000 },
  meta: null,
};

/** Slack mrkdwn as GitHub Markdown: *bold* and :emoji: (italics, entities and code spans read the same). */
function markdown(mrkdwn: string): string {
  return mrkdwn
    .replace(/:([a-z_]+):/g, (code, name: string) => EMOJI[name] ?? code)
    .replace(/(^|[\s(])\*([^*\n]+)\*/g, "$1**$2**");
}

function preview(message: SlackMessage): string[] {
  const lines: string[] = [];
  for (const block of message.blocks) {
    if (block.type === "header") lines.push(`**${markdown(block.text.text)}**`);
    if (block.type === "section") {
      if (block.text) lines.push(markdown(block.text.text));
      if (block.fields)
        lines.push(
          block.fields.map((field) => markdown(field.text).replace("\n", " ")).join(" · "),
        );
    }
    if (block.type === "context") {
      lines.push(
        `<sub>${block.elements.map((element) => ("text" in element ? markdown(element.text) : "")).join(" ")}</sub>`,
      );
    }
  }
  // A code fence opens a paragraph of its own, as the README's formatter writes it.
  const split = lines.map((line) => line.replace(/\n```\n/, "\n\n```\n"));
  return split.flatMap((line) => [...line.split("\n"), ""]).slice(0, -1);
}

export function renderSamples(): string {
  const events = [
    ...KNOWN_TOPICS.map((topic) => sampleEvents[topic] as HeronWebhookEvent),
    unknownSample,
  ];
  return events
    .map((event) => {
      const message = toSlackMessage(event);
      const payload = JSON.stringify(message, null, 2);
      // A longer fence when the payload holds one (a code block in mrkdwn), as Markdown needs.
      const fence = payload.includes("```") ? "````" : "```";
      const name = KNOWN_TOPICS.includes(event.topic as never)
        ? event.topic
        : `${event.topic} (a topic this version does not know)`;
      return [
        `#### \`${name}\``,
        "",
        ...preview(message).map((line) => (line === "" ? ">" : `> ${line}`)),
        "",
        "<details><summary>payload</summary>",
        "",
        `${fence}json`,
        payload,
        fence,
        "",
        "</details>",
      ].join("\n");
    })
    .join("\n\n");
}
