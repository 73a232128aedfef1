import type { HeronWebhookErrorCode } from "@heron-webhooks/core";
import { sampleEvents } from "@heron-webhooks/core/testing";
import { type RawHeaders, send } from "../client.js";
import { headersFor, SECRET, STRANGER_SECRET, signed } from "../deliveries.js";
import { expectAnswer, expectNoHandlerCalls } from "../expectations.js";
import { createRecorder } from "../recorder.js";
import type { RowId } from "../rows.js";
import type { Suite } from "../suite.js";

interface Rejection {
  id: RowId;
  detail?: string;
  code: HeronWebhookErrorCode;
  /** The body sent, and the headers for it given the signature the body really has. */
  request: () => Promise<{ body: string; headers: (validSignature: string) => RawHeaders }>;
}

const body = JSON.stringify(sampleEvents["end_user.processed"]);
const withSignature = (signature: string) => headersFor(signature);

const rejections: Rejection[] = [
  {
    id: "signature-missing",
    code: "MISSING_SIGNATURE",
    request: async () => ({ body, headers: () => [["Content-Type", "application/json"]] }),
  },
  {
    id: "signature-empty",
    code: "MISSING_SIGNATURE",
    request: async () => ({ body, headers: () => withSignature("") }),
  },
  {
    id: "signature-malformed",
    detail: "not base64",
    code: "MALFORMED_SIGNATURE",
    request: async () => ({ body, headers: () => withSignature("not a signature!") }),
  },
  {
    id: "signature-malformed",
    detail: "the right signature behind a sha256= prefix",
    code: "MALFORMED_SIGNATURE",
    request: async () => ({ body, headers: (valid) => withSignature(`sha256=${valid}`) }),
  },
  {
    id: "signature-wrong-length",
    detail: "16 bytes",
    code: "MALFORMED_SIGNATURE",
    request: async () => ({
      body,
      headers: (valid) =>
        withSignature(Buffer.from(valid, "base64").subarray(0, 16).toString("base64")),
    }),
  },
  {
    id: "signature-wrong-length",
    detail: "one character short",
    code: "MALFORMED_SIGNATURE",
    request: async () => ({ body, headers: (valid) => withSignature(valid.slice(1)) }),
  },
  {
    id: "signature-hex",
    code: "MALFORMED_SIGNATURE",
    request: async () => ({
      body,
      headers: (valid) => withSignature(Buffer.from(valid, "base64").toString("hex")),
    }),
  },
  {
    id: "signature-wrong-secret",
    code: "SIGNATURE_MISMATCH",
    request: async () => {
      const { signature } = await signed(body, STRANGER_SECRET);
      return { body, headers: () => withSignature(signature) };
    },
  },
  {
    id: "body-tampered",
    detail: "one byte changed",
    code: "SIGNATURE_MISMATCH",
    request: async () => {
      const { signature } = await signed(body);
      return {
        body: body.replace("processed", "processes"),
        headers: () => withSignature(signature),
      };
    },
  },
  {
    id: "body-tampered",
    detail: "whitespace added inside a string",
    code: "SIGNATURE_MISMATCH",
    request: async () => {
      const { signature } = await signed(body);
      const respaced = JSON.stringify(JSON.parse(body), null, 2);
      return {
        body: respaced.replace('"processed"', '"processed "'),
        headers: () => withSignature(signature),
      };
    },
  },
];

export function signatureRows(suite: Suite): void {
  for (const rejection of rejections) {
    suite.row(rejection.id, rejection.detail, async () => {
      const recorder = createRecorder();
      const request = await rejection.request();
      // What a correct signature for the sent body would be: it must never be echoed back.
      const { signature: valid } = await signed(request.body, SECRET);
      const answer = await suite.serve(recorder, (endpoint) =>
        send(endpoint, { headers: request.headers(valid), body: request.body }),
      );
      expectAnswer(answer, 401, rejection.code, [valid]);
      expectNoHandlerCalls(recorder);
    });
  }
}
