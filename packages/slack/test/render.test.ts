import { type HeronWebhookEvent, KNOWN_TOPICS } from "@heron-webhooks/core";
import { sampleEvents } from "@heron-webhooks/core/testing";
import {
  escapeMrkdwn,
  SLACK_LIMITS,
  type SlackMessage,
  toSlackMessage,
} from "@heron-webhooks/slack";
import type { KnownBlock } from "@slack/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPayload, type LoopbackSlack, startLoopbackSlack } from "./loopback-slack.js";

const unknownEvent: HeronWebhookEvent = {
  topic: "loan.approved",
  created: "2026-08-14T12:24:38+00:00",
  data: { loan_id: "ln_42", amount: 1000 },
  meta: null,
};
const everyTopic: [string, HeronWebhookEvent][] = [
  ...KNOWN_TOPICS.map((topic): [string, HeronWebhookEvent] => [topic, sampleEvents[topic]]),
  ["loan.approved (unknown)", unknownEvent],
];

/** Every text in a message, in the order Slack shows them. */
function texts(message: SlackMessage): string[] {
  return [
    message.text,
    ...message.blocks.flatMap((block: KnownBlock) => {
      if (block.type === "header") return [block.text.text];
      if (block.type === "section")
        return [block.text?.text ?? "", ...(block.fields ?? []).map((f) => f.text)];
      if (block.type === "context") return block.elements.map((e) => ("text" in e ? e.text : ""));
      return [];
    }),
  ];
}

function expectWithinLimits(message: SlackMessage): void {
  expect(checkPayload(message)).toBeUndefined();
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
}

describe("toSlackMessage", () => {
  let slack: LoopbackSlack;
  beforeAll(async () => {
    slack = await startLoopbackSlack();
  });
  afterAll(() => slack.close());

  it.each(everyTopic)(
    "renders %s within Slack's limits, as the snapshot shows",
    async (_name, event) => {
      const message = toSlackMessage(event);
      expectWithinLimits(message);
      expect(message).toMatchSnapshot();
      // And the loopback Slack takes it.
      const webhook = slack.webhook();
      const response = await fetch(webhook.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(message),
      });
      expect(await response.text()).toBe("ok");
    },
  );

  it("words the review-required notification for people and makes it stand out", () => {
    const event = {
      ...sampleEvents["end_user.review_required"],
      data: {
        heron_id: "eus_Eqio3Y4dhyNiMphrXwG58p",
        end_user_id: "myenduser",
        status: "review_requested",
      },
    };
    const message = toSlackMessage(event);
    expect(message.text).toBe(
      ":rotating_light: *Review required* for end user `myenduser` (`eus_Eqio3Y4dhyNiMphrXwG58p`): a rule was broken during processing.",
    );
    expect(texts(message).join("\n")).toContain("*Status*\n`review_requested`");
  });

  it("makes end_user.review_required and pdf.failed stand out, and only those", () => {
    const urgent = everyTopic
      .filter(([, event]) => toSlackMessage(event).text.startsWith(":rotating_light:"))
      .map(([name]) => name);
    expect(urgent).toEqual(["end_user.review_required", "pdf.failed"]);
  });

  it("shows the topic, ids, status, created and meta", () => {
    const all = texts(toSlackMessage(sampleEvents["pdf.failed"])).join("\n");
    for (const expected of [
      "`pdf.failed`",
      "`pdf_pLXqyc2wEwZbA5ZBUeyG6d`",
      "`acme-merchant-0042`",
      "`eus_Eqio3Y4dhyNiMphrXwG58p`",
      "`failed`",
      "2026-08-14 12:24:38 UTC",
      "loan-application-7781",
      "The PDF is password protected.",
    ]) {
      expect(all).toContain(expected);
    }
  });

  it("reads `created` without an offset as UTC, and with one as given", () => {
    const context = (created: string) =>
      texts(toSlackMessage({ ...sampleEvents["end_user.processed"], created })).at(-1);
    expect(context("2026-08-14T12:24:38.137886")).toContain("at 2026-08-14 12:24:38 UTC");
    expect(context("2021-05-20T09:23:53+02:00")).toContain("at 2021-05-20 07:23:53 UTC");
    expect(context("<!channel>")).toContain("at &lt;!channel&gt;");
  });

  describe("escapes hostile values from the event", () => {
    const hostile = ["<!channel>", "<https://x|y>", "&amp;", "<@U024BE7LH>", "<!here|here>"];
    const events: [string, HeronWebhookEvent][] = hostile.flatMap((value) => [
      [
        `end_user_id ${value}`,
        {
          ...sampleEvents["end_user.review_required"],
          data: { heron_id: value, end_user_id: value, status: value },
          meta: { note: value },
        },
      ],
      [
        `pdf notes ${value}`,
        {
          ...sampleEvents["pdf.failed"],
          data: { heron_id: value, notes: value, end_user: { end_user_id: value } },
        },
      ],
      [
        `transaction ${value}`,
        {
          ...sampleEvents["transactions.deleted"],
          data: { transactions: [{ heron_id: value, reference_id: value }] },
        },
      ],
      [`unknown topic ${value}`, { topic: value, created: value, data: { value }, meta: value }],
    ]);

    it.each(events)("%s", (_name, event) => {
      const message = toSlackMessage(event);
      const json = JSON.stringify(message);
      // Nothing Slack would parse as a mention or a link: no raw `<` or `>` anywhere in the message.
      expect(json).not.toMatch(/[<>]/);
      const all = texts(message).join("\n");
      expect(all).toContain(
        escapeMrkdwn(String((event.data as Record<string, unknown>).heron_id ?? event.topic)),
      );
      // `&amp;` in the event shows as `&amp;`, not as `&`.
      if (json.includes("amp;")) expect(all).toContain("&amp;amp;");
      for (const block of message.blocks) {
        if (block.type === "section" && block.text?.type === "mrkdwn")
          expect(block.text.verbatim).toBe(true);
      }
    });
  });

  it("escapes exactly &, < and >", () => {
    expect(escapeMrkdwn("a & b <!channel> <https://x|y> *bold* `code` &amp;")).toBe(
      "a &amp; b &lt;!channel&gt; &lt;https://x|y&gt; *bold* `code` &amp;amp;",
    );
  });

  describe("keeps to Slack's limits with oversized values", () => {
    const long = (char: string, length: number) => char.repeat(length);
    const cases: [string, HeronWebhookEvent][] = [
      [
        "a 10 000-character end user id",
        {
          ...sampleEvents["end_user.review_required"],
          data: { heron_id: "eus_1", end_user_id: long("x", 10_000), status: "review_requested" },
        },
      ],
      [
        "100 000 characters of notes",
        { ...sampleEvents["pdf.failed"], data: { heron_id: "pdf_1", notes: long("n", 100_000) } },
      ],
      [
        "notes of `<` only",
        { ...sampleEvents["pdf.failed"], data: { heron_id: "pdf_1", notes: long("<", 5000) } },
      ],
      [
        "a 1 MB meta",
        { ...sampleEvents["end_user.processed"], meta: { blob: long("m", 1_000_000) } },
      ],
      [
        "5 000 deleted transactions",
        {
          ...sampleEvents["transactions.deleted"],
          data: {
            transactions: Array.from({ length: 5000 }, (_, i) => ({
              heron_id: `txn_${i}`,
              reference_id: long("r", 300),
            })),
          },
        },
      ],
      [
        "an unknown topic with 20 000 keys",
        {
          topic: "loan.approved",
          created: "x",
          data: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i])),
        },
      ],
      ["a 500-character unknown topic", { topic: long("t", 500), created: "x", data: {} }],
    ];

    it.each(cases)("%s", (_name, event) => {
      const message = toSlackMessage(event);
      expectWithinLimits(message);
      expect(texts(message).some((text) => text.includes("…"))).toBe(true);
      // A cut never leaves half an entity behind.
      for (const text of texts(message)) expect(text).not.toMatch(/&(?:a|am|amp|l|lt|g|gt)?…/);
    });

    it("lists at most 20 deleted transactions, then says how many more", () => {
      const transactions = (length: number) =>
        Array.from({ length: 5000 }, (_, i) => ({
          heron_id: `txn_${i}`,
          reference_id: "r".repeat(length),
        }));
      const short = texts(
        toSlackMessage({
          ...sampleEvents["transactions.deleted"],
          data: { transactions: transactions(8) },
        }),
      );
      expect(short.join("\n")).toContain("Heron deleted 5000 transactions.");
      expect(short.join("\n")).toContain("…and 4980 more.");
      // Longer lines: as many as fit in one section, and the count of the rest still adds up.
      const long = texts(
        toSlackMessage({
          ...sampleEvents["transactions.deleted"],
          data: { transactions: transactions(300) },
        }),
      );
      const list = long.find((text) => text.startsWith("• ")) ?? "";
      const listed = list.split("\n").filter((line) => line.startsWith("• ")).length;
      expect(listed).toBeGreaterThan(5);
      expect(list).toContain(`…and ${5000 - listed} more.`);
    });
  });

  describe("overrides", () => {
    it("replaces the rendering of one topic, and '*' of the others", () => {
      const render = {
        "pdf.failed": () => ({ text: "custom pdf", blocks: [] }),
        "*": (event: HeronWebhookEvent) => ({ text: `other ${event.topic}`, blocks: [] }),
      };
      expect(toSlackMessage(sampleEvents["pdf.failed"], { render }).text).toBe("custom pdf");
      expect(toSlackMessage(sampleEvents["pdf.processed"], { render }).text).toBe(
        "other pdf.processed",
      );
      expect(toSlackMessage(unknownEvent, { render }).text).toBe("other loan.approved");
      expect(
        toSlackMessage(sampleEvents["pdf.processed"], {
          render: { "pdf.failed": render["pdf.failed"] },
        }).text,
      ).toBe(toSlackMessage(sampleEvents["pdf.processed"]).text);
    });

    it("brings an override's message within Slack's limits", () => {
      const section = (i: number): KnownBlock => ({
        type: "section",
        text: { type: "mrkdwn", text: `${i} ${"s".repeat(5000)}` },
      });
      const message = toSlackMessage(sampleEvents["pdf.failed"], {
        render: {
          "pdf.failed": () => ({
            text: "t".repeat(50_000),
            blocks: [
              { type: "header", text: { type: "plain_text", text: "h".repeat(300) } },
              {
                type: "section",
                fields: Array.from({ length: 15 }, () => ({
                  type: "mrkdwn" as const,
                  text: "f".repeat(2500),
                })),
              },
              ...Array.from({ length: 58 }, (_, i) => section(i)),
            ],
          }),
        },
      });
      expectWithinLimits(message);
      expect(message.blocks).toHaveLength(50);
      expect(message.blocks.at(-1)).toEqual({
        type: "context",
        elements: [{ type: "mrkdwn", text: "…and 11 more blocks not shown." }],
      });
      const header = message.blocks[0];
      expect(header?.type === "header" && header.text.text).toBe(`${"h".repeat(149)}…`);
    });
  });
});
