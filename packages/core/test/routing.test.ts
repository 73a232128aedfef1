import {
  createWebhooks,
  type HeronWebhookError,
  type HeronWebhookEvent,
  KNOWN_TOPICS,
  type TopicPattern,
} from "@heron-webhooks/core";
import { createTestDelivery, sampleEvents } from "@heron-webhooks/core/testing";
import { describe, expect, it } from "vitest";
import { rejectionOf, thrownBy } from "./support/errors.js";

const secret = "sec_routing";
const unknownEvent: HeronWebhookEvent = {
  topic: "loan.approved",
  created: "2026-08-14T12:24:38.137886",
  data: { heron_id: "lon_1" },
};
// A new topic of a known resource: "pdf.*" was written for the PDF topics known then.
const unknownPdfEvent: HeronWebhookEvent = { ...unknownEvent, topic: "pdf.archived" };

/** A webhooks instance with one recording handler per pattern. */
function recorder(patterns: readonly TopicPattern[]) {
  const calls: string[] = [];
  const webhooks = createWebhooks({ secret });
  for (const pattern of patterns) {
    webhooks.on(pattern, (event) => {
      calls.push(`${pattern} <- ${event.topic}`);
    });
  }
  return { webhooks, calls };
}

const everyPattern: TopicPattern[] = [
  ...KNOWN_TOPICS,
  "end_user.*",
  "transactions.*",
  "pdf.*",
  "*",
];

describe("routing", () => {
  it("a topic reaches its own handler, its resource's wildcard and *", async () => {
    const { webhooks, calls } = recorder(everyPattern);
    await webhooks.receive(sampleEvents["pdf.failed"]);
    expect(calls.sort()).toEqual([
      "* <- pdf.failed",
      "pdf.* <- pdf.failed",
      "pdf.failed <- pdf.failed",
    ]);
  });

  it.each(KNOWN_TOPICS)("%s reaches exactly three handlers", async (topic) => {
    const { webhooks, calls } = recorder(everyPattern);
    await webhooks.receive(sampleEvents[topic]);
    const resource = topic.split(".")[0];
    expect(calls.sort()).toEqual(
      [`* <- ${topic}`, `${resource}.* <- ${topic}`, `${topic} <- ${topic}`].sort(),
    );
  });

  it.each([unknownEvent, unknownPdfEvent])("unknown topic $topic reaches only *", async (event) => {
    const { webhooks, calls } = recorder(everyPattern);
    await webhooks.receive(event);
    expect(calls).toEqual([`* <- ${event.topic}`]);
  });

  it("a list of topics registers one handler for each", async () => {
    const calls: string[] = [];
    const webhooks = createWebhooks({ secret }).on(["pdf.failed", "end_user.reviewed"], (event) => {
      calls.push(event.topic);
    });
    for (const topic of KNOWN_TOPICS) await webhooks.receive(sampleEvents[topic]);
    expect(calls).toEqual(["end_user.reviewed", "pdf.failed"]);
  });

  it("an event with no handler is received quietly", async () => {
    await expect(createWebhooks({ secret }).receive(unknownEvent)).resolves.toBeUndefined();
  });

  it.each(["pdf.faild", "pdf", "loan.*", "", "**"])(".on(%j) is INVALID_CONFIG", (pattern) => {
    const webhooks = createWebhooks({ secret });
    const error = thrownBy(() => webhooks.on(pattern as TopicPattern, () => {}));
    expect(error.code).toBe("INVALID_CONFIG");
  });

  it("a handler added after deliveries were received gets the next ones", async () => {
    const calls: string[] = [];
    const webhooks = createWebhooks({ secret }).on("pdf.failed", () => {
      calls.push("first");
    });
    await webhooks.receive(sampleEvents["pdf.failed"]);
    webhooks.on("pdf.*", () => {
      calls.push("second");
    });
    await webhooks.receive(sampleEvents["pdf.failed"]);
    expect(calls).toEqual(["first", "first", "second"]);
  });

  it("keeps handler errors in handler order, whichever settles first", async () => {
    const slow = new Error("slow");
    const fast = new Error("fast");
    const webhooks = createWebhooks({ secret })
      .on("pdf.failed", async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        throw slow;
      })
      .on("pdf.*", () => Promise.reject(fast))
      .onError(() => {});
    const error = await rejectionOf(webhooks.receive(sampleEvents["pdf.failed"]));
    expect(error.errors).toEqual([slow, fast]);
  });

  it("runs the handlers of one event concurrently", async () => {
    // Each handler waits for the other to start: run one after the other, they would never finish.
    let startFirst = () => {};
    let startSecond = () => {};
    const firstStarted = new Promise<void>((resolve) => {
      startFirst = resolve;
    });
    const secondStarted = new Promise<void>((resolve) => {
      startSecond = resolve;
    });
    const webhooks = createWebhooks({ secret })
      .on("pdf.failed", async () => {
        startFirst();
        await secondStarted;
      })
      .on("pdf.*", async () => {
        startSecond();
        await firstStarted;
      });
    await webhooks.receive(sampleEvents["pdf.failed"]);
  });

  it("collects every handler error into HANDLER_FAILED and reports it to onError", async () => {
    const syncFailure = new Error("sync failure");
    const asyncFailure = new Error("async failure");
    const reported: [HeronWebhookError, HeronWebhookEvent | undefined][] = [];
    let healthyRan = false;
    const webhooks = createWebhooks({ secret })
      .on("pdf.failed", () => {
        throw syncFailure;
      })
      .on("pdf.*", async () => {
        throw asyncFailure;
      })
      .on("*", () => {
        healthyRan = true;
      })
      .onError((error, event) => {
        reported.push([error, event]);
      });
    const event = sampleEvents["pdf.failed"];
    const error = await rejectionOf(webhooks.receive(event));
    expect(error).toMatchObject({ code: "HANDLER_FAILED", status: 500 });
    expect(error.errors).toEqual([syncFailure, asyncFailure]);
    expect(error.message).toContain("2 of 3");
    expect(healthyRan).toBe(true);
    expect(reported).toEqual([[error, event]]);
  });

  it("an onError handler that throws does not hide the delivery's error", async () => {
    const webhooks = createWebhooks({ secret })
      .on("*", () => {
        throw new Error("handler failure");
      })
      .onError(() => {
        throw new Error("onError failure");
      });
    const logged: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => logged.push(args.join(" "));
    try {
      expect((await rejectionOf(webhooks.receive(unknownEvent))).code).toBe("HANDLER_FAILED");
    } finally {
      console.error = original;
    }
    expect(logged.join("\n")).toContain("onError failure");
  });
});

describe("verifyAndReceive", () => {
  it("verifies a delivery and hands its event to the handlers", async () => {
    const received: HeronWebhookEvent[] = [];
    const webhooks = createWebhooks({ secret }).on("end_user.*", (event) => {
      received.push(event);
    });
    const { body, headers } = await createTestDelivery({ topic: "end_user.processed", secret });
    const delivery = await webhooks.verifyAndReceive({
      rawBody: () => Promise.resolve(Buffer.from(body)),
      headers: { "Heron-Signature": headers["heron-signature"] },
    });
    expect(received).toEqual([sampleEvents["end_user.processed"]]);
    expect(delivery).toMatchObject({ secretIndex: 0, whitespaceNormalized: false });
  });

  it("reports a body pretty-printed after signing as whitespace-normalized", async () => {
    const webhooks = createWebhooks({ secret: ["sec_next", secret] });
    const { body, headers } = await createTestDelivery({
      topic: "pdf.processed",
      secret,
      prettyPrintAfterSigning: true,
    });
    expect(await webhooks.verifyAndReceive({ rawBody: body, headers })).toMatchObject({
      event: sampleEvents["pdf.processed"],
      secretIndex: 1,
      whitespaceNormalized: true,
    });
  });

  it("rejects a bad delivery without calling handlers, and reports it to onError", async () => {
    let called = false;
    const reported: HeronWebhookError[] = [];
    const webhooks = createWebhooks({ secret })
      .on("*", () => {
        called = true;
      })
      .onError((error) => {
        reported.push(error);
      });
    const { body, headers } = await createTestDelivery({
      topic: "pdf.failed",
      secret: "sec_wrong",
    });
    const error = await rejectionOf(webhooks.verifyAndReceive({ rawBody: body, headers }));
    expect(error.code).toBe("SIGNATURE_MISMATCH");
    expect(reported).toEqual([error]);
    expect(called).toBe(false);
  });

  it("reports a body reader that fails as BODY_READ_FAILED", async () => {
    const webhooks = createWebhooks({ secret });
    const error = await rejectionOf(
      webhooks.verifyAndReceive({
        rawBody: () => Promise.reject(new Error("socket hang up")),
        headers: {},
      }),
    );
    expect(error).toMatchObject({ code: "BODY_READ_FAILED", status: 400 });
  });
});
