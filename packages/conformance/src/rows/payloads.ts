import type { HeronWebhookErrorCode } from "@heron-webhooks/core";
import { send } from "../client.js";
import { CREATED, headersFor, signed } from "../deliveries.js";
import { expectAnswer, expectNoHandlerCalls } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import type { RowId } from "../rows.js";
import type { Suite } from "../suite.js";

interface BadPayload {
  id: RowId;
  detail: string;
  body: string | Uint8Array;
  code: HeronWebhookErrorCode;
}

const envelope = (topic: string) => `{${topic}"created":"${CREATED}","data":{},"meta":null}`;

const badPayloads: BadPayload[] = [
  {
    id: "invalid-json",
    detail: "plain text",
    body: "topic=end_user.processed",
    code: "INVALID_JSON",
  },
  {
    id: "invalid-json",
    detail: "truncated",
    body: '{"topic":"end_user.processed"',
    code: "INVALID_JSON",
  },
  {
    id: "invalid-json",
    detail: "invalid UTF-8",
    body: Buffer.concat([
      Buffer.from('{"topic":"end_user.processed","x":"'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]),
    code: "INVALID_JSON",
  },
  ...["[]", '"end_user.processed"', "42", "null", "true"].map((body) => ({
    id: "not-an-object" as const,
    detail: body,
    body,
    code: "INVALID_PAYLOAD" as const,
  })),
  { id: "topic-not-string", detail: "no topic", body: envelope(""), code: "INVALID_PAYLOAD" },
  {
    id: "topic-not-string",
    detail: "number",
    body: envelope('"topic":42,'),
    code: "INVALID_PAYLOAD",
  },
  {
    id: "topic-not-string",
    detail: "null",
    body: envelope('"topic":null,'),
    code: "INVALID_PAYLOAD",
  },
  { id: "empty-body", detail: "signed", body: "", code: "INVALID_JSON" },
];

export function payloadRows(suite: Suite): void {
  for (const payload of badPayloads) {
    suite.row(payload.id, payload.detail, async () => {
      const recorder = createRecorder();
      const { signature } = await signed(payload.body);
      const answer = await suite.serve(recorder, (endpoint) =>
        send(endpoint, { headers: headersFor(signature), body: payload.body }),
      );
      expectAnswer(answer, 400, payload.code);
      expectNoHandlerCalls(recorder);
    });
  }

  suite.row("empty-body", "unsigned", async () => {
    const recorder = createRecorder();
    const answer = await suite.serve(recorder, (endpoint) =>
      send(endpoint, { headers: [["Content-Type", "application/json"]], body: "" }),
    );
    expectAnswer(answer, 401, "MISSING_SIGNATURE");
    expectNoHandlerCalls(recorder);
  });
}
