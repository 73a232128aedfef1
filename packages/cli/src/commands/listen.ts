import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { parseArgs } from "node:util";
import type {
  HeronWebhookEvent,
  NodeResponse,
  RawBody,
  VerifiedDelivery,
  Webhooks,
} from "@heron-webhooks/core";
import { describeUrl, integerOption, parseCommand, strict, urlOption } from "../args.js";
import { loadCore } from "../core.js";
import { eventSummary } from "../describe-event.js";
import { CliError, runError, usageError } from "../errors.js";
import { errorOf, Poster } from "../http.js";
import { type CliIo, styleFor } from "../io.js";
import { Recorder } from "../recording.js";
import { requireSecrets } from "../secrets.js";

// Connection-level headers belong to each hop; the rest of a delivery is passed on exactly.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
]);
// Never written into a recording file.
const CREDENTIALS = new Set(["authorization", "proxy-authorization", "cookie"]);

function passedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What one request came to: listen's own verdict, and the app's answer when forwarding. */
interface Received {
  receivedAt: Date;
  method: string;
  path: string;
  /** Listen's own verdict, and what the sender is answered: the verdict, or the app's answer. */
  verdict: Answer;
  reply: Answer;
  error: string | null;
  verified?: VerifiedDelivery;
  forward?: { status: number | null; error: string | null; ms: number };
  recording?: string;
}

type Core = Awaited<ReturnType<typeof loadCore>>;

const toBytes = (body: RawBody): Uint8Array =>
  typeof body === "string" ? Buffer.from(body) : new Uint8Array(body as ArrayBufferLike);

/** Runs core's node handler on one request, keeping the raw bytes it read and the delivery it verified. */
async function verify(
  createNodeHandler: Core["createNodeHandler"],
  webhooks: Webhooks,
  path: string,
  req: IncomingMessage,
) {
  let body: Uint8Array | undefined;
  let verified: VerifiedDelivery | undefined;
  const capturing: Webhooks = {
    ...webhooks,
    async verifyAndReceive({ rawBody, headers }) {
      if (typeof rawBody !== "function") body = toBytes(rawBody);
      verified = await webhooks.verifyAndReceive({
        headers,
        rawBody:
          typeof rawBody === "function"
            ? async (...limits: unknown[]) => {
                const read = await (rawBody as (...limits: unknown[]) => Promise<RawBody>)(
                  ...limits,
                );
                body = toBytes(read);
                return read;
              }
            : rawBody,
      });
      return verified;
    },
  };
  const verdict: Answer = { status: 500, headers: {}, body: "" };
  const response: NodeResponse = {
    headersSent: false,
    writeHead(status, headers) {
      verdict.status = status;
      verdict.headers = headers;
    },
    end(text) {
      verdict.body = text;
    },
  };
  await createNodeHandler(capturing, { path })(req, response);
  return { body, verified, verdict };
}

export async function listen(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand("listen", () =>
    parseArgs({
      args: [...args],
      ...strict,
      options: {
        port: { type: "string" },
        path: { type: "string" },
        secret: { type: "string", multiple: true },
        "forward-to": { type: "string" },
        record: { type: "string" },
        json: { type: "boolean" },
      },
    }),
  );
  const secrets = requireSecrets(values.secret, io.env);
  const port = integerOption("port", values.port, 3000, 0, 65_535);
  const path = values.path ?? "/webhooks/heron";
  if (!path.startsWith("/"))
    throw usageError(`--path must start with /, got ${JSON.stringify(path)}`);
  const forwardTo = values["forward-to"]
    ? urlOption("forward-to", values["forward-to"])
    : undefined;
  const recorder = values.record ? await Recorder.open(values.record) : undefined;
  const json = values.json ?? false;
  // Every refusal is printed below; core would otherwise also log server-side ones.
  const { createNodeHandler, createWebhooks } = await loadCore();
  const webhooks = createWebhooks({ secret: secrets }).onError(() => {});
  const forwarder = forwardTo && new Poster(forwardTo, { timeoutMs: 10_000, sockets: 16 });
  const style = styleFor(io.stdout, io.env);

  async function receive(req: IncomingMessage): Promise<Received> {
    const receivedAt = new Date();
    const { body, verified, verdict } = await verify(createNodeHandler, webhooks, path, req);
    const received: Received = {
      receivedAt,
      method: req.method ?? "",
      path: (req.url ?? "").split("?")[0] ?? "",
      verdict,
      reply: verdict,
      error: errorOf(verdict.status, verdict.body),
      ...(verified ? { verified } : {}),
    };
    if (body === undefined) return received;
    const headers = passedHeaders(req);
    if (recorder) {
      const kept = Object.fromEntries(
        Object.entries(headers).filter(([name]) => !CREDENTIALS.has(name)),
      );
      received.recording = await recorder.record({
        receivedAt: receivedAt.toISOString(),
        topic: verified?.event.topic ?? null,
        headers: kept,
        body,
        verdict: { status: verdict.status, error: received.error },
      });
    }
    if (forwarder) {
      const started = performance.now();
      try {
        const answer = await forwarder.post(body, headers);
        received.forward = {
          status: answer.status,
          error: errorOf(answer.status, answer.body.toString("utf8")),
          ms: answer.ms,
        };
        const type = answer.headers["content-type"];
        received.reply = {
          status: answer.status,
          headers: type ? { "content-type": String(type) } : {},
          body: answer.body.toString("utf8"),
        };
      } catch (error) {
        const reason = error instanceof CliError ? error.message : "TIMEOUT";
        received.forward = { status: null, error: reason, ms: performance.now() - started };
        received.reply = {
          status: 502,
          headers: { "content-type": "application/json; charset=utf-8" },
          body: '{"error":"FORWARD_FAILED"}',
        };
      }
    }
    return received;
  }

  function print(received: Received): void {
    const ownStatus = received.verdict.status;
    const event: HeronWebhookEvent | undefined = received.verified?.event;
    if (json) {
      io.stdout.write(
        `${JSON.stringify({
          receivedAt: received.receivedAt.toISOString(),
          method: received.method,
          path: received.path,
          status: ownStatus,
          error: received.error,
          topic: event?.topic ?? null,
          secretIndex: received.verified?.secretIndex ?? null,
          whitespaceNormalized: received.verified?.whitespaceNormalized ?? null,
          event: event ?? null,
          forward: received.forward ?? null,
          recording: received.recording ?? null,
        })}\n`,
      );
      return;
    }
    const ok = ownStatus >= 200 && ownStatus < 300;
    const parts = [
      style.dim(received.receivedAt.toTimeString().slice(0, 8)),
      ok ? style.green(`✓ ${ownStatus}`) : style.red(`✗ ${ownStatus}`),
    ];
    if (event) {
      parts.push(style.bold(event.topic.padEnd(29)), ...eventSummary(event));
      const { secretIndex, whitespaceNormalized } = received.verified as VerifiedDelivery;
      if (secretIndex > 0) parts.push(style.yellow(`(secret #${secretIndex + 1})`));
      if (whitespaceNormalized) parts.push(style.yellow("(whitespace-normalised match)"));
    } else {
      parts.push(style.red(received.error ?? ""), style.dim(`${received.method} ${received.path}`));
    }
    const forward = received.forward;
    if (forward) {
      const answered = forward.status !== null && forward.status >= 200 && forward.status < 300;
      const status = forward.status === null ? "" : ` ${forward.status}`;
      const text = `→ app${status}${forward.error ? ` ${forward.error}` : ""} (${forward.ms.toFixed(1)} ms)`;
      parts.push(answered ? style.green(text) : style.red(text));
    }
    io.stdout.write(`${parts.join("  ")}\n`);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const received = await receive(req);
      print(received);
      res.writeHead(received.reply.status, received.reply.headers);
      res.end(received.reply.body);
    } catch (error) {
      io.stderr.write(`heron-webhooks listen: ${error instanceof Error ? error.message : error}\n`);
      if (!res.headersSent)
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
      res.end('{"error":"LISTEN_FAILED"}');
    }
  }

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? runError(`port ${port} is in use: pick another with --port`)
          : runError(`cannot listen on port ${port}: ${error.code ?? error.message}`),
      ),
    );
    server.listen(port, "127.0.0.1", resolve);
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address ? address.port : port;
  io.stderr.write(
    `listening on http://127.0.0.1:${actualPort}${path}` +
      (forwardTo ? `, forwarding to ${describeUrl(forwardTo)}${forwardTo.pathname}` : "") +
      (recorder ? `, recording to ${recorder.directory}` : "") +
      "\n",
  );

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  forwarder?.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  return 0;
}
