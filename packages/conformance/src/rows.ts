/** Every row the suite checks, by id (for `skip`) and title (the test name). */
export const ROWS = {
  "known-topic": "a documented topic answers 200 and runs its handlers once with the event",
  "unknown-topic": 'an unknown topic answers 200 and runs only the "*" handlers',
  "non-ascii-utf8": "a body with raw UTF-8 non-ASCII text verifies as sent",
  "non-ascii-escaped":
    "a body as Python's json.dumps writes it (\\u escapes, 1.0, big integers) verifies as sent",
  "pretty-printed": "a pretty-printed body signed as sent verifies",
  "respaced-after-signing":
    "a body re-spaced after signing verifies (whitespace outside strings only)",
  "header-names-case": "header names are case-insensitive",
  "content-type-json-charset": "Content-Type application/json; charset=utf-8 is accepted",
  "content-type-text-plain": "Content-Type text/plain is accepted",
  "content-type-form": "Content-Type application/x-www-form-urlencoded is accepted, body untouched",
  "content-type-octet-stream": "Content-Type application/octet-stream is accepted",
  "content-type-missing": "a request without Content-Type is accepted",
  chunked: "a chunked body without Content-Length is accepted",
  "query-string": "a query string on the webhook URL is accepted",
  "body-at-limit": "a body of exactly maxBodyBytes is accepted",
  "secret-rotation": "during a secret rotation the old and the new secret are both accepted",
  concurrent: "200 concurrent deliveries each answer 200 and run their handler exactly once",
  "signature-missing": "a missing signature answers 401 MISSING_SIGNATURE",
  "signature-empty": "an empty signature answers 401 MISSING_SIGNATURE",
  "signature-malformed": "a malformed signature answers 401 MALFORMED_SIGNATURE",
  "signature-wrong-length":
    "a base64 signature of the wrong length answers 401 MALFORMED_SIGNATURE",
  "signature-hex":
    "a hex signature (the right HMAC, wrong encoding) answers 401 MALFORMED_SIGNATURE",
  "signature-wrong-secret": "a signature made with another secret answers 401 SIGNATURE_MISMATCH",
  "body-tampered": "a body changed after signing answers 401 SIGNATURE_MISMATCH",
  "invalid-json": "a signed body that is not JSON answers 400 INVALID_JSON",
  "not-an-object": "a signed JSON body that is not an object answers 400 INVALID_PAYLOAD",
  "topic-not-string": "a signed JSON object without a string topic answers 400 INVALID_PAYLOAD",
  "empty-body": "an empty body answers 400 when signed, 401 when not",
  "too-large-declared": "a body over maxBodyBytes by Content-Length answers 413 before it is sent",
  "too-large-streamed": "a chunked body far over maxBodyBytes answers 413 before it ends",
  "too-large-by-one": "a body one byte over maxBodyBytes answers 413",
  "handler-throws":
    "a handler that throws answers 500 HANDLER_FAILED, reports to onError, leaks nothing",
  "handler-rejects":
    "a handler that rejects answers 500 HANDLER_FAILED, reports to onError, leaks nothing",
  "method-not-allowed": "a method other than POST answers 405 with Allow: POST",
  "client-disconnect":
    "a client that disconnects mid-body runs no handler and the server keeps serving",
  "raw-body-unavailable": "a body consumed before the adapter answers 500 RAW_BODY_UNAVAILABLE",
  "body-timeout-idle":
    "a body that stops arriving answers 408 BODY_TIMEOUT at bodyTimeoutMs and closes the connection",
  "body-timeout-drip":
    "a body dripping a byte at a time answers 408 BODY_TIMEOUT at bodyTimeoutMs and closes the connection",
  "deep-json": "a signed body nested thousands of levels deep answers 400 INVALID_JSON",
  "handler-stack-overflow":
    "a handler that overflows the stack answers 500 HANDLER_FAILED, as core's JSON",
  "http10-keep-alive": "two pipelined HTTP/1.0 keep-alive deliveries are both handled and answered",
  "too-large-readable":
    "a client that writes its whole oversized body before reading reads the 413, not a reset",
  "client-abort-quiet":
    "clients that drop mid-body (FIN and RST) leave no stack trace in the log, the server keeps serving",
  "inbox-stored":
    "with an inbox, a delivery answers 200 once stored, runs no handler in the request, and a byte-identical repeat is stored once",
  "inbox-unavailable":
    "with an inbox that cannot take the write, a delivery answers 503 INBOX_UNAVAILABLE and leaks nothing",
  "event-outside-window":
    "with maxEventAgeSeconds, a signed created too old or too far ahead answers 400 EVENT_OUTSIDE_WINDOW",
} as const;

export type RowId = keyof typeof ROWS;
