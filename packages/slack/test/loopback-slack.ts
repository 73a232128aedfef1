// A Slack Incoming Webhooks stand-in on 127.0.0.1, written from Slack's documentation:
// - api.slack.com/messaging/webhooks and the 2016-05-17 changelog "Improving error conditions for Incoming
//   Webhooks": 200 `ok`; 400 invalid_payload; 403 action_prohibited; 404 channel_not_found; 410
//   channel_is_archived; 500 rollup_error; a revoked webhook 403 invalid_token, a removed one 404 no_service;
//   each error a short string in the body.
// - api.slack.com/docs/rate-limits: about one message a second with short bursts, then 429 with Retry-After
//   (seconds) and a JSON body.
// - Block Kit reference: at most 50 blocks; section text 1–3000 characters, at most 10 fields of at most
//   2000; header plain_text at most 150; context at most 10 elements.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type WebhookState =
  | "active"
  | "revoked"
  | "removed"
  | "channel_deleted"
  | "channel_archived"
  | "restricted";

const REFUSALS: Record<Exclude<WebhookState, "active">, [number, string]> = {
  revoked: [403, "invalid_token"],
  removed: [404, "no_service"],
  channel_deleted: [404, "channel_not_found"],
  channel_archived: [410, "channel_is_archived"],
  restricted: [403, "action_prohibited"],
};

/** An answer a test wants next, before the webhook's normal behaviour: a status, or a fault. */
export type ScriptedAnswer =
  | { status: number; body?: string; headers?: Record<string, string> }
  | "hang"
  | "reset";

export interface SlackRequest {
  at: number;
  status: number | "hang" | "reset";
}

export interface LoopbackWebhook {
  url: string;
  /** The secret part of the URL, to grep for. */
  token: string;
  /** Payloads Slack accepted, in order. */
  messages: Record<string, unknown>[];
  /** Every request, accepted or not. */
  requests: SlackRequest[];
  state: WebhookState;
  script(...answers: ScriptedAnswer[]): void;
}

export interface LoopbackSlack {
  origin: string;
  webhook(options?: { state?: WebhookState; burst?: number }): LoopbackWebhook;
  close(): Promise<void>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function textLength(value: unknown): number | undefined {
  return isObject(value) && typeof value.text === "string" ? value.text.length : undefined;
}

function blockError(block: unknown): boolean {
  if (!isObject(block)) return true;
  switch (block.type) {
    case "header": {
      const length = textLength(block.text);
      return !isObject(block.text) || block.text.type !== "plain_text" || !length || length > 150;
    }
    case "section": {
      const length = textLength(block.text);
      const fields = block.fields;
      if (block.text !== undefined && (!length || length > 3000)) return true;
      if (fields !== undefined) {
        if (!Array.isArray(fields) || fields.length > 10) return true;
        if (fields.some((field) => !textLength(field) || (textLength(field) ?? 0) > 2000))
          return true;
      }
      return block.text === undefined && fields === undefined;
    }
    case "context":
      return (
        !Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10
      );
    case "divider":
      return false;
    default:
      // Other block types are valid in Slack; this stand-in does not check them.
      return typeof block.type !== "string";
  }
}

/** Slack's answer to a payload: undefined when it is accepted, else the error string it answers with 400. */
export function checkPayload(payload: unknown): string | undefined {
  if (!isObject(payload)) return "invalid_payload";
  const { text, blocks, attachments } = payload;
  const hasText = typeof text === "string" && text.length > 0;
  if (!hasText && blocks === undefined && attachments === undefined) {
    return "missing_text_or_fallback_or_attachments";
  }
  if (blocks !== undefined) {
    if (!Array.isArray(blocks) || blocks.length > 50 || blocks.some(blockError))
      return "invalid_blocks";
  }
  return undefined;
}

interface Hook extends LoopbackWebhook {
  burst: number;
  tokens: number;
  countedAt: number;
  queue: ScriptedAnswer[];
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function answer(response: ServerResponse, status: number, body: string, headers = {}): void {
  response.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...headers }).end(body);
}

export async function startLoopbackSlack(): Promise<LoopbackSlack> {
  const hooks = new Map<string, Hook>();
  let count = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const hook = hooks.get(request.url ?? "");
    const now = Date.now();
    const record = (status: SlackRequest["status"]) => hook?.requests.push({ at: now, status });
    if (!hook) return answer(response, 404, "no_service");
    const scripted = hook.queue.shift();
    if (scripted === "hang") return void record("hang");
    if (scripted === "reset") {
      record("reset");
      return void request.socket.destroy();
    }
    if (scripted) {
      record(scripted.status);
      return answer(response, scripted.status, scripted.body ?? "", scripted.headers);
    }
    if (request.method !== "POST") {
      record(405);
      return answer(response, 405, "invalid_method");
    }
    if (hook.state !== "active") {
      const [status, error] = REFUSALS[hook.state];
      record(status);
      return answer(response, status, error);
    }
    hook.tokens = Math.min(hook.burst, hook.tokens + (now - hook.countedAt) / 1000);
    hook.countedAt = now;
    if (hook.tokens < 1) {
      record(429);
      const retryAfter = Math.ceil((1 - hook.tokens) * 1000) / 1000;
      const payload = JSON.stringify({
        ok: false,
        error: "rate_limited",
        retry_after: Math.ceil(retryAfter),
      });
      return answer(response, 429, payload, {
        "content-type": "application/json",
        "retry-after": String(Math.ceil(retryAfter)),
      });
    }
    hook.tokens -= 1;
    let payload: unknown;
    try {
      if (!/^application\/json\b/i.test(request.headers["content-type"] ?? "")) throw new Error();
      payload = JSON.parse(body);
    } catch {
      record(400);
      return answer(response, 400, "invalid_payload");
    }
    const error = checkPayload(payload);
    if (error) {
      record(400);
      return answer(response, 400, error);
    }
    record(200);
    hook.messages.push(payload as Record<string, unknown>);
    answer(response, 200, "ok");
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => answer(response, 500, "rollup_error"));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    webhook({ state = "active", burst = 5 } = {}) {
      count += 1;
      const token = randomBytes(12).toString("hex");
      const path = `/services/T0LOOPBACK/B${String(count).padStart(8, "0")}/${token}`;
      const hook: Hook = {
        url: `${origin}${path}`,
        token,
        messages: [],
        requests: [],
        state,
        burst,
        tokens: burst,
        countedAt: Date.now(),
        queue: [],
        script(...answers) {
          hook.queue.push(...answers);
        },
      };
      hooks.set(path, hook);
      return hook;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
