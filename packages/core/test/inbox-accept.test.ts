import {
  createWebhooks,
  type HeronWebhookError,
  type InboxStore,
  memoryInbox,
} from "@heron-webhooks/core";
import { describe, expect, it } from "vitest";
import {
  deferred,
  delivery,
  eventually,
  expectOk,
  manualClock,
  post,
  SECRET,
  serve,
  T0,
} from "./inbox-helpers.js";

async function listAll(store: InboxStore) {
  return (await store.list({ limit: 1000 })).deliveries;
}

describe("accepting into the inbox over HTTP", () => {
  it("answers 200 only once the store has the delivery, with the raw bytes and signature", async () => {
    const memory = memoryInbox();
    const gate = deferred();
    let accepted = false;
    const store: InboxStore = {
      ...memory,
      async accept(newDelivery, options) {
        await gate.promise;
        const result = await memory.accept(newDelivery, options);
        accepted = true;
        return result;
      },
    };
    const calls: unknown[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: store }).on("*", (event) => {
      calls.push(event);
    });
    const server = await serve(webhooks);
    // Pretty-printed after signing: the store keeps the bytes as received, not a re-serialisation.
    const sent = await delivery("pdf.processed", { heron_id: "pdf_1", note: "Café 東京" });
    const body = JSON.stringify(JSON.parse(sent.body), null, 2);
    let answered = false;
    const answer = post(server, { body, headers: sent.headers }).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(answered).toBe(false);
    gate.resolve();
    expectOk(await answer);
    expect(accepted).toBe(true);
    const [stored] = await listAll(memory);
    expect(Buffer.from(stored?.body ?? []).toString("utf8")).toBe(body);
    expect(stored).toMatchObject({
      topic: "pdf.processed",
      signature: sent.headers["heron-signature"],
      status: "pending",
      attempt: 0,
    });
    // Handlers wait for a worker: nothing ran inside the request.
    expect(calls).toEqual([]);
  });

  it("answers 503 INBOX_UNAVAILABLE when the store rejects, reports it, and leaks nothing", async () => {
    const store: InboxStore = {
      ...memoryInbox(),
      accept: async () => {
        throw new Error("connect ECONNREFUSED db-password-hunter2");
      },
    };
    const errors: HeronWebhookError[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: store }).onError((error) => {
      errors.push(error);
    });
    const server = await serve(webhooks);
    const answer = await post(server, await delivery());
    expect(answer).toEqual({ status: 503, text: '{"error":"INBOX_UNAVAILABLE"}' });
    expect(errors.map((error) => error.code)).toEqual(["INBOX_UNAVAILABLE"]);
    expect(String((errors[0]?.cause as Error | undefined)?.message)).toContain("ECONNREFUSED");
  });

  it("never stores a delivery that fails verification", async () => {
    const store = memoryInbox();
    const webhooks = createWebhooks({ secret: SECRET, inbox: store });
    const server = await serve(webhooks);
    const valid = await delivery();
    const forged = {
      ...valid,
      headers: { ...valid.headers, "heron-signature": `${"A".repeat(43)}=` },
    };
    expect((await post(server, forged)).status).toBe(401);
    expect(
      (await post(server, { body: valid.body, headers: { "content-type": "text/plain" } })).status,
    ).toBe(401);
    const notJson = await createSigned("not json");
    expect((await post(server, notJson)).status).toBe(400);
    expect(await listAll(store)).toEqual([]);
  });

  it("answers a byte-identical delivery 200 again and stores it once; different bytes are two", async () => {
    const store = memoryInbox();
    const webhooks = createWebhooks({ secret: SECRET, inbox: store });
    const server = await serve(webhooks);
    const first = await delivery("end_user.processed", { heron_id: "eus_dup" });
    for (let i = 0; i < 3; i++) expectOk(await post(server, first));
    // The same event re-spaced is other bytes: never dropped as a duplicate by the default key.
    const respaced = {
      body: JSON.stringify(JSON.parse(first.body), null, 1),
      headers: first.headers,
    };
    expectOk(await post(server, respaced));
    expect(await listAll(store)).toHaveLength(2);
  });

  it("answers concurrent copies of one delivery 200 and stores one", async () => {
    const store = memoryInbox();
    const server = await serve(createWebhooks({ secret: SECRET, inbox: store }));
    const sent = await delivery();
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(server, sent)));
    for (const answer of answers) expectOk(answer);
    expect(await listAll(store)).toHaveLength(1);
  });

  it("uses deliveryKey(event, rawBody) when given", async () => {
    const store = memoryInbox();
    const keys: string[] = [];
    const webhooks = createWebhooks({
      secret: SECRET,
      inbox: store,
      deliveryKey: (event, rawBody) => {
        expect(rawBody).toBeInstanceOf(Uint8Array);
        const key = `${event.topic}:${(event.data as { heron_id: string }).heron_id}`;
        keys.push(key);
        return key;
      },
    });
    const server = await serve(webhooks);
    const a = await delivery("end_user.processed", { heron_id: "eus_same", status: "processed" });
    const b = await delivery("end_user.processed", { heron_id: "eus_same", status: "reviewed" });
    expectOk(await post(server, a));
    expectOk(await post(server, b));
    const stored = await listAll(store);
    expect(stored.map((d) => d.key)).toEqual(["end_user.processed:eus_same"]);
    expect(keys).toHaveLength(2);
  });

  it("answers 500 INVALID_CONFIG, and stores nothing, when deliveryKey throws", async () => {
    const store = memoryInbox();
    const codes: string[] = [];
    const webhooks = createWebhooks({
      secret: SECRET,
      inbox: store,
      deliveryKey: () => {
        throw new Error("bug");
      },
    }).onError((error) => {
      codes.push(error.code);
    });
    const server = await serve(webhooks);
    expect(await post(server, await delivery())).toEqual({
      status: 500,
      text: '{"error":"INVALID_CONFIG"}',
    });
    expect(codes).toEqual(["INVALID_CONFIG"]);
    expect(await listAll(store)).toEqual([]);
  });

  it("keys by the SHA-256 of the raw body by default", async () => {
    const store = memoryInbox();
    const server = await serve(createWebhooks({ secret: SECRET, inbox: store }));
    const sent = await delivery();
    expectOk(await post(server, sent));
    const { createHash } = await import("node:crypto");
    const [stored] = await listAll(store);
    expect(stored?.key).toBe(createHash("sha256").update(sent.body).digest("hex"));
  });

  it("treats a key older than the retention as new", async () => {
    const store = memoryInbox();
    const clock = manualClock();
    const webhooks = createWebhooks({ secret: SECRET, inbox: store, clock, retentionDays: 1 });
    const server = await serve(webhooks);
    const sent = await delivery();
    expectOk(await post(server, sent));
    clock.advance(86_400_000);
    expectOk(await post(server, sent));
    expect(await listAll(store)).toHaveLength(1);
    clock.advance(1);
    expectOk(await post(server, sent));
    const stored = await listAll(store);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.receivedAt).toBe(T0 + 86_400_001);
  });

  it("answers at once while a handler is slow", async () => {
    const store = memoryInbox();
    const release = deferred();
    const started: string[] = [];
    const webhooks = createWebhooks({ secret: SECRET, inbox: store }).on("*", async (event) => {
      started.push(event.topic);
      await release.promise;
    });
    const worker = webhooks.startWorker({ pollIntervalMs: 20 });
    try {
      const server = await serve(webhooks);
      expectOk(await post(server, await delivery("pdf.failed")));
      await eventually(() => expect(started).toEqual(["pdf.failed"]));
      // The first handler still runs; the next delivery is answered all the same.
      expectOk(await post(server, await delivery("pdf.processed")));
    } finally {
      release.resolve();
      await worker.stop();
    }
  });
});

async function createSigned(body: string) {
  const { sign } = await import("@heron-webhooks/core");
  return { body, headers: { "heron-signature": await sign(body, SECRET) } };
}

describe("maxEventAgeSeconds", () => {
  const created = (offsetMs: number) => new Date(T0 + offsetMs).toISOString();

  for (const withInbox of [true, false]) {
    it(`refuses stale and far-future events with 400 EVENT_OUTSIDE_WINDOW (${withInbox ? "with" : "without"} an inbox)`, async () => {
      const store = memoryInbox();
      const calls: string[] = [];
      const errors: string[] = [];
      const webhooks = createWebhooks({
        secret: SECRET,
        clock: manualClock(),
        maxEventAgeSeconds: 600,
        ...(withInbox ? { inbox: store } : {}),
      })
        .on("*", (event) => {
          calls.push(event.created);
        })
        .onError((error) => {
          errors.push(error.code);
        });
      const server = await serve(webhooks);
      const send = async (offsetMs: number) =>
        post(
          server,
          await delivery("end_user.processed", { heron_id: `eus_${offsetMs}` }, created(offsetMs)),
        );

      expect(await send(-600_001)).toEqual({
        status: 400,
        text: '{"error":"EVENT_OUTSIDE_WINDOW"}',
      });
      expect(await send(5 * 60_000 + 1)).toEqual({
        status: 400,
        text: '{"error":"EVENT_OUTSIDE_WINDOW"}',
      });
      expectOk(await send(-600_000));
      expectOk(await send(5 * 60_000));
      expect(errors).toEqual(["EVENT_OUTSIDE_WINDOW", "EVENT_OUTSIDE_WINDOW"]);
      if (withInbox) {
        expect((await listAll(store)).map((d) => d.topic)).toHaveLength(2);
        expect(calls).toEqual([]);
      } else {
        expect(calls).toEqual([created(-600_000), created(5 * 60_000)]);
      }
    });
  }

  it("reads a created time without an offset as UTC", async () => {
    const webhooks = createWebhooks({
      secret: SECRET,
      clock: manualClock(),
      maxEventAgeSeconds: 60,
    });
    const server = await serve(webhooks);
    const naive = new Date(T0 - 30_000)
      .toISOString()
      .replace("Z", "")
      .replace(/\.\d+$/, ".137886");
    expectOk(await post(server, await delivery("pdf.failed", { heron_id: "pdf_naive" }, naive)));
  });

  it("refuses a window longer than the inbox retention, which would let a replay run again", () => {
    const inbox = memoryInbox();
    expect(() =>
      createWebhooks({ secret: SECRET, inbox, retentionDays: 1, maxEventAgeSeconds: 86_401 }),
    ).toThrow(/longer than the inbox retention/);
    expect(() =>
      createWebhooks({ secret: SECRET, inbox, retentionDays: 1, maxEventAgeSeconds: 86_400 }),
    ).not.toThrow();
  });

  it("refuses a bad maxEventAgeSeconds at creation", () => {
    expect(() => createWebhooks({ secret: SECRET, maxEventAgeSeconds: 0 })).toThrow(
      /maxEventAgeSeconds/,
    );
  });
});
