import {
  createWebhooks,
  type EndUserData,
  type HeronWebhookEvent,
  isKnownEvent,
  isTopic,
  type PdfData,
  type TopicEventMap,
  type TransactionsDeletedData,
  type UnknownTopicEvent,
} from "@heron-webhooks/core";
import { describe, expectTypeOf, it } from "vitest";

const webhooks = createWebhooks({ secret: "sec_types" });
declare const event: HeronWebhookEvent;

describe(".on narrows the event", () => {
  it("a topic gives its data type", () => {
    webhooks.on("pdf.failed", (e) => {
      expectTypeOf(e.topic).toEqualTypeOf<"pdf.failed">();
      expectTypeOf(e.data).toEqualTypeOf<PdfData>();
    });
    webhooks.on("transactions.deleted", (e) => {
      expectTypeOf(e.data).toEqualTypeOf<TransactionsDeletedData>();
      expectTypeOf(e.data.transactions?.[0]?.heron_id).toEqualTypeOf<string | undefined>();
    });
  });

  it('"end_user.*" gives the union of end_user events', () => {
    webhooks.on("end_user.*", (e) => {
      expectTypeOf(e).toEqualTypeOf<
        | TopicEventMap["end_user.processed"]
        | TopicEventMap["end_user.reviewed"]
        | TopicEventMap["end_user.transactions_updated"]
        | TopicEventMap["end_user.review_required"]
      >();
      expectTypeOf(e.data).toEqualTypeOf<EndUserData>();
    });
  });

  it("a list of topics gives the union of their events", () => {
    webhooks.on(["pdf.failed", "transactions.deleted"], (e) => {
      expectTypeOf(e).toEqualTypeOf<
        TopicEventMap["pdf.failed"] | TopicEventMap["transactions.deleted"]
      >();
    });
  });

  it('"*" gives HeronWebhookEvent', () => {
    webhooks.on("*", (e) => {
      expectTypeOf(e).toEqualTypeOf<HeronWebhookEvent>();
    });
  });

  it("a typo topic is a type error", () => {
    // @ts-expect-error: not a Heron topic
    webhooks.on("pdf.faild", () => {});
    // @ts-expect-error: not a resource Heron documents
    webhooks.on("loan.*", () => {});
    // @ts-expect-error: a handler for PDFs cannot expect end-user data
    webhooks.on("pdf.failed", (e: TopicEventMap["end_user.processed"]) => e);
  });
});

describe("the types tell what is checked", () => {
  it("fields of data are optional: only the envelope is checked at run time", () => {
    webhooks.on("end_user.processed", (e) => {
      expectTypeOf(e.data.heron_id).toEqualTypeOf<string | undefined>();
      expectTypeOf(e.data.end_user_id).toEqualTypeOf<string | null | undefined>();
      expectTypeOf(e.topic).toEqualTypeOf<"end_user.processed">();
      expectTypeOf(e.created).toEqualTypeOf<string>();
    });
  });

  it("a typo on a known field is a type error", () => {
    webhooks.on("end_user.processed", (e) => {
      // @ts-expect-error: end_user_idd is not a field of EndUserData
      e.data.end_user_idd;
    });
  });
});

describe("handlers may return anything", () => {
  it("the return value is ignored", () => {
    const queue = { add: (_event: unknown) => 1 };
    const seen = new Set<string | undefined>();
    webhooks.on("*", (e) => queue.add(e));
    webhooks.on("pdf.failed", (e) => seen.add(e.data.heron_id));
    webhooks.on("pdf.failed", async () => "done");
    webhooks.onError((error) => error.code);
  });
});

describe("createWebhooks options", () => {
  it("needs a secret", () => {
    // @ts-expect-error: secret is required
    createWebhooks({});
  });
});

describe("narrowing a received event", () => {
  it("isKnownEvent then a switch on topic", () => {
    if (isKnownEvent(event)) {
      switch (event.topic) {
        case "pdf.processed":
          expectTypeOf(event.data).toEqualTypeOf<PdfData>();
          break;
        case "end_user.reviewed":
          expectTypeOf(event.data).toEqualTypeOf<EndUserData>();
          break;
        case "transactions.deleted":
          expectTypeOf(event.data).toEqualTypeOf<TransactionsDeletedData>();
          break;
      }
    }
  });

  it("isTopic", () => {
    if (isTopic(event, "pdf.failed")) {
      expectTypeOf(event).toEqualTypeOf<TopicEventMap["pdf.failed"]>();
      expectTypeOf(event.data.notes).toEqualTypeOf<string | null | undefined>();
    }
  });

  it("the unknown-topic member", () => {
    const future: HeronWebhookEvent = {
      topic: "loan.approved",
      created: "2026-08-14T12:24:38.137886",
      data: { heron_id: "lon_1", amount: 1200 },
    };
    expectTypeOf<UnknownTopicEvent>().toExtend<HeronWebhookEvent>();
    expectTypeOf(future.topic).toEqualTypeOf<string>();
    expectTypeOf(future.data).toExtend<Record<string, unknown>>();
  });
});

describe("with an inbox", () => {
  it("webhooks.inbox is there, also after chaining .on()", async () => {
    const { memoryInbox } = await import("@heron-webhooks/core");
    const withInbox = createWebhooks({ secret: "s", inbox: memoryInbox() }).on("*", () => {});
    expectTypeOf(withInbox.inbox.stats).toBeFunction();
    // @ts-expect-error: without an inbox there is none to read
    createWebhooks({ secret: "s" }).inbox.stats();
  });
});
