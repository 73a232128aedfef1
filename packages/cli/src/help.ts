// Every --help text, kept apart from the commands so that printing one loads nothing else.

export const mainHelp = `heron-webhooks: develop and operate a Heron Data webhook receiver

Usage: heron-webhooks <command> [options]

Commands:
  trigger <topic…|all>   send signed sample deliveries to a receiver
  listen                 receive deliveries locally: verify, print, forward, record
  send <file…>           post recorded or hand-written deliveries
  sign [file|-]          print the Heron-Signature of a body
  verify [file|-]        check a Heron-Signature against a body
  inbox <action>         operate an inbox: stats, list, show, replay, purge

Options:
  -h, --help             help for the tool, or for a command (heron-webhooks trigger --help)
  -v, --version          print the version

The secret comes from --secret, else HERON_WEBHOOK_SECRET; it is never printed.
Colours only on a terminal, never with NO_COLOR set.

Exit codes: 0 ok, 1 a delivery or check failed (or nothing listened), 2 usage error.

Examples:
  heron-webhooks listen --secret whsec_test
  heron-webhooks trigger all --url http://127.0.0.1:3000/webhooks/heron --secret whsec_test
  heron-webhooks inbox stats --store sqlite:heron-inbox.sqlite
`;

export const commandHelp: Record<string, string> = {
  trigger: `Usage: heron-webhooks trigger <topic…|all> --url URL [options]

Sends a signed delivery of each topic, built from the sample event of a documented topic
(all = every documented topic; any other resource.event gets an empty data object), and
prints one line per delivery (status, topic, time, the receiver's error code), then a summary.
Exits 1 if any delivery was not answered with a 2xx.

Options:
  --url URL              where to post (required)
  --secret S             the secret to sign with (default: HERON_WEBHOOK_SECRET)
  --data JSON|@FILE      the event's data, replacing the sample's (a JSON object)
  --set PATH=VALUE       change one field, e.g. data.status=reviewed or meta.source=ci;
                         VALUE is JSON when it parses as JSON, else text (repeatable)
  --count N              send each delivery N times, byte for byte, as a retry would (default 1)
  --concurrency C        deliveries in flight at once (default 1)
  --timeout MS           a delivery not answered in time fails (default 10000, as Heron)
  --pretty               send the body pretty-printed after signing, as some senders do
  --json                 one JSON line per delivery, then a summary line
  -h, --help             this help

On a terminal, from 100 deliveries on, accepted ones advance a progress line instead of
printing a line each; failures are always printed.

--json lines:
  {"type":"delivery","topic":"pdf.failed","status":200,"ms":3.1,"error":null}
  {"type":"summary","sent":9,"accepted":9,"failed":0,"medianMs":2.4,"maxMs":7.9}
  (status is null and error "TIMEOUT" when no answer came in time)

Examples:
  heron-webhooks trigger all --url http://127.0.0.1:3000/webhooks/heron --secret whsec_test
  heron-webhooks trigger end_user.reviewed --set data.end_user_id=merchant-7 --url …
  heron-webhooks trigger pdf.failed --count 1000 --concurrency 20 --url …
  heron-webhooks trigger loan.approved --data '{"loan_id":"ln_1"}' --url …
`,
  listen: `Usage: heron-webhooks listen [options]

A local receiver on 127.0.0.1: verifies each delivery with core's node handler and prints
it (time, verdict, topic, ids and status from data; the error code when refused), or one
JSON line each with --json. Stop it with Ctrl-C.

Options:
  --port N               the port (default 3000; 0 picks a free one)
  --path PATH            the webhook path (default /webhooks/heron); others get 404
  --secret S             the secret to verify with; repeat it during a rotation, and each
                         line says which one matched (default: HERON_WEBHOOK_SECRET)
  --forward-to URL       pass each delivery on to your app, the exact bytes and headers
                         (less Host and connection headers), print the app's answer too and
                         answer the sender with it (502 FORWARD_FAILED when it cannot be reached)
  --record DIR           keep each delivery as a JSON file in DIR, for send to post again
  --json                 one JSON line per delivery
  -h, --help             this help

--json line:
  {"receivedAt":"…","method":"POST","path":"/webhooks/heron","status":200,"error":null,
   "topic":"pdf.failed","secretIndex":0,"whitespaceNormalized":false,"event":{…},
   "forward":{"status":200,"error":null,"ms":2.1},"recording":"DIR/….json"}
  (forward and recording are null without --forward-to and --record; status and error
   are listen's own verdict)

Examples:
  heron-webhooks listen --secret whsec_test
  heron-webhooks listen --port 4000 --forward-to http://127.0.0.1:3000/webhooks/heron
  heron-webhooks listen --record deliveries/ --json | jq .topic
`,
  send: `Usage: heron-webhooks send <file…> --url URL [options]

Posts each file, in order, and prints a line per file, then a summary; exits 1 if any was
not answered with a 2xx. A file recorded by listen --record is sent with its exact body
and headers; any other file (or - for stdin) is sent as the body itself.

Options:
  --url URL              where to post (required)
  --secret S             sign each body again with S (default: HERON_WEBHOOK_SECRET; without
                         either, recorded signatures are kept and other files go unsigned)
  --timeout MS           a delivery not answered in time fails (default 10000)
  --json                 JSON lines, as trigger --json, each with "file"
  -h, --help             this help

Examples:
  heron-webhooks send deliveries/*.json --url http://127.0.0.1:3000/webhooks/heron
  heron-webhooks send event.json --secret whsec_test --url …
`,
  sign: `Usage: heron-webhooks sign [file|-] [--secret S]

Prints the Heron-Signature header value for the exact bytes of the file (or of stdin):
base64 of HMAC-SHA256(secret, body), as Heron computes it.

Options:
  --secret S             the secret (default: HERON_WEBHOOK_SECRET)
  -h, --help             this help

Examples:
  heron-webhooks sign body.json --secret whsec_test
  printf '%s' '{"topic":"pdf.failed"}' | heron-webhooks sign --secret whsec_test
`,
  verify: `Usage: heron-webhooks verify [file|-] --signature SIG [--secret S…]

Checks SIG (a Heron-Signature header value) against the exact bytes of the file (or of
stdin), then the body's shape, as a receiver would. Exits 0 when valid, 1 when not, and
says why: MISSING_SIGNATURE, MALFORMED_SIGNATURE, SIGNATURE_MISMATCH, INVALID_JSON or
INVALID_PAYLOAD; a valid one says which secret matched and whether it matched only once
JSON whitespace was removed.

Options:
  --signature SIG        the Heron-Signature header value (required)
  --secret S             the secret; repeat it to try several (default: HERON_WEBHOOK_SECRET)
  --json                 one JSON line:
                         {"valid":true,"error":null,"message":null,"secretIndex":0,
                          "whitespaceNormalized":false,"topic":"pdf.failed"}
  -h, --help             this help

Examples:
  heron-webhooks verify body.json --signature "jhmO13YV…=" --secret whsec_test
  heron-webhooks verify body.json --signature "$SIG" --secret whsec_new --secret whsec_old
`,
  inbox: `Usage: heron-webhooks inbox <action> --store URL [--json]

Operates the inbox a receiver stores deliveries in (createWebhooks({ secret, inbox })).

Actions:
  stats                  how many deliveries are pending, running, done and dead, and
                         when the oldest unfinished one arrived
  list                   deliveries, newest first: --status S, --topic T, --limit N (default
                         50, at most 1000), --cursor C for the next page
  show ID                one delivery, with its exact body
  replay ID              run a done or dead delivery again (a dead one: only the handlers
                         that failed; a done one: every handler)
  replay --dead          replay every dead delivery
  purge --older-than D   delete done and dead deliveries received more than D ago
                         (e.g. 7d, 12h, 30m, 90s); pending and running ones are kept

Options:
  --store URL            the inbox (required), as the app opens it, with its store package
                         installed in the project:
                         sqlite:PATH      sqliteInbox({ path }), Node 22.13 or later
                         postgres://…     postgresInbox({ connectionString }), with
                                          --schema S and --table T when not the defaults
                         redis://…        redisInbox({ connection }), with --prefix P
  --json                 one JSON line per result:
                         stats  {"counts":{"pending":0,"running":0,"done":9,"dead":1},
                                 "oldestUnfinishedReceivedAt":null}
                         list   {"type":"delivery","id":"…","topic":"pdf.failed",
                                 "status":"dead","attempt":5,"receivedAt":"…","runAt":"…",
                                 "updatedAt":"…","doneHandlers":[],"lastError":"…"}
                                (then {"type":"more","cursor":"…"} when there are more)
                         show   as list, without "type", plus "key", "signature" and "body"
                                ("bodyBase64" when the body is not UTF-8)
                         replay {"replayed":1,"id":"…"} or {"replayed":3} with --dead
                         purge  {"purged":12,"receivedBefore":"…"}
  -h, --help             this help

Examples:
  heron-webhooks inbox stats --store sqlite:heron-inbox.sqlite
  heron-webhooks inbox list --status dead --store sqlite:heron-inbox.sqlite
  heron-webhooks inbox replay --dead --store sqlite:heron-inbox.sqlite
  heron-webhooks inbox purge --older-than 7d --store sqlite:heron-inbox.sqlite
  heron-webhooks inbox stats --json --store "$DATABASE_URL"
`,
};
