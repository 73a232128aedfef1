// The exact names every published entry exports, values and types: widening the API is a visible decision.
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const packages = fileURLToPath(new URL("../packages/", import.meta.url));

let program: ts.Program | undefined;

function exportedNames(entry: string): string[] {
  // One program for every entry: type-checking the packages once is most of the cost.
  program ??= ts.createProgram(
    Object.keys(ENTRIES).map((name) => `${packages}${name}`),
    {
      module: ts.ModuleKind.Preserve,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      noEmit: true,
      skipLibCheck: true,
    },
  );
  const source = program.getSourceFile(`${packages}${entry}`);
  if (!source) throw new Error(`${entry} not found`);
  const checker = program.getTypeChecker();
  const module = checker.getSymbolAtLocation(source);
  if (!module) throw new Error(`${entry} is not a module`);
  return checker
    .getExportsOfModule(module)
    .map((symbol) => symbol.name)
    .sort();
}

const ENTRIES: Record<string, string[]> = {
  "core/src/index.ts": [
    "Clock",
    "ConstructEventOptions",
    "DeletedTransaction",
    "DeliveryContext",
    "DeliveryFailure",
    "DeliveryKeyFunction",
    "DeliveryStatus",
    "EndUserData",
    "EndUserStatus",
    "ErrorHandler",
    "EventFor",
    "FetchHandlerOptions",
    "HeronEventEnvelope",
    "HeronResource",
    "HeronResourceWildcard",
    "HeronWebhookError",
    "HeronWebhookErrorCode",
    "HeronWebhookEvent",
    "Inbox",
    "InboxDelivery",
    "InboxListQuery",
    "InboxOptions",
    "InboxPage",
    "InboxStatus",
    "InboxStore",
    "KNOWN_TOPICS",
    "KnownHeronWebhookEvent",
    "KnownTopic",
    "NodeHandlerOptions",
    "NodeRequest",
    "NodeResponse",
    "OnOptions",
    "PdfData",
    "RawBody",
    "RetryOptions",
    "TopicDataMap",
    "TopicEventMap",
    "TopicPattern",
    "TransactionsDeletedData",
    "UnknownTopicEvent",
    "VerifiedDelivery",
    "WebhookHandler",
    "WebhookSecret",
    "Webhooks",
    "WebhooksOptions",
    "WebhooksWithInbox",
    "Worker",
    "WorkerOptions",
    "constructEvent",
    "createFetchHandler",
    "createNodeHandler",
    "createWebhooks",
    "findMatchingSecret",
    "isHeronWebhookError",
    "isKnownEvent",
    "isKnownTopic",
    "isTopic",
    "memoryInbox",
    "parseCreated",
    "sign",
    "verifySignature",
  ],
  "core/src/adapter.ts": [
    "BodyLimits",
    "BodyReader",
    "HandleWebhookOptions",
    "HeadersInput",
    "HeronWebhooksOptions",
    "LingeringSocket",
    "NodeBodyStream",
    "NodeRequestUnder",
    "ReadBodyOptions",
    "WebhookHttpRequest",
    "WebhookHttpResponse",
    "bytesOfDecodedBody",
    "handleWebhookRequest",
    "nodeRequestOf",
    "notFoundResponse",
    "pathMatches",
    "rawBodyUnavailable",
    "readNodeBody",
    "readWebBody",
    "resolveWebhooks",
    "toResponse",
    "writeNodeResponse",
  ],
  "core/src/store.ts": [
    "AcceptResult",
    "ClaimOptions",
    "DeliveryPage",
    "DeliveryStatus",
    "HandlerContextExtras",
    "InboxStats",
    "InboxStore",
    "ListQuery",
    "NewDelivery",
    "Settlement",
    "StoredDelivery",
  ],
  "core/src/testing/index.ts": [
    "TestDelivery",
    "TestDeliveryOptions",
    "createTestDelivery",
    "sampleEvents",
  ],
  "express/src/index.ts": ["HeronWebhooksExpressOptions", "captureRawBody", "heronWebhooks"],
  "fastify/src/index.ts": ["HeronWebhooksFastifyOptions", "heronWebhooks"],
  "koa/src/index.ts": ["HeronWebhooksKoaOptions", "heronWebhooks"],
  "hono/src/index.ts": [
    "HeronEnv",
    "HeronVariables",
    "HeronWebhookEvent",
    "HeronWebhooksHonoOptions",
    "Webhooks",
    "heronWebhooks",
    "heronWebhooksHandler",
  ],
  "conformance/src/index.ts": [
    "AtomicWrites",
    "ConformanceOptions",
    "DEFAULT_PATH",
    "LoopbackServer",
    "ROWS",
    "RowId",
    "RunningServer",
    "STORE_ROWS",
    "StartOptions",
    "StartServer",
    "StoreConformanceOptions",
    "StoreFixture",
    "StoreRowId",
    "describeConformance",
    "describeStoreConformance",
    "listenOnLoopback",
  ],
  "slack/src/index.ts": [
    "ForwardToSlackOptions",
    "HeronSlackError",
    "HeronSlackErrorCode",
    "HeronSlackErrorDetails",
    "SLACK_LIMITS",
    "SlackClock",
    "SlackMessage",
    "SlackMessageOptions",
    "SlackRenderer",
    "SlackRenderers",
    "escapeMrkdwn",
    "forwardToSlack",
    "isHeronSlackError",
    "toSlackMessage",
  ],
  "cli/src/index.ts": ["CliIo", "OutputStream", "run"],
  "sqlite/src/index.ts": ["SqliteInbox", "SqliteInboxOptions", "sqliteInbox"],
  "postgres/src/index.ts": [
    "PostgresHandlerExtras",
    "PostgresInbox",
    "PostgresInboxOptions",
    "postgresInbox",
  ],
  "redis/src/index.ts": ["RedisConnection", "RedisInbox", "RedisInboxOptions", "redisInbox"],
};

describe("the names each published entry exports", () => {
  // Reading every package's types once takes a while on a busy machine.
  beforeAll(() => void exportedNames("core/src/index.ts"), 120_000);

  it.each(Object.entries(ENTRIES))("%s", (entry, names) => {
    expect(exportedNames(entry)).toEqual(names);
  });
});
