import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import { describeUrl } from "./args.js";
import { runError } from "./errors.js";
import type { Outcome } from "./report.js";

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly ms: number;
}

/** The receiver took longer than the timeout: a failed delivery, as Heron would count it. */
export class TimeoutError extends Error {
  override readonly name = "TimeoutError";
}

const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "EAI_AGAIN"]);

/** Posts with node:http: the exact bytes and headers given, nothing added but Host and Content-Length. */
export class Poster {
  readonly #agent: HttpAgent;
  readonly #url: URL;
  readonly #timeoutMs: number;

  constructor(url: URL, options: { timeoutMs: number; sockets: number }) {
    this.#url = url;
    this.#timeoutMs = options.timeoutMs;
    const Agent = url.protocol === "https:" ? HttpsAgent : HttpAgent;
    this.#agent = new Agent({ keepAlive: true, maxSockets: options.sockets });
  }

  /** Posts one delivery and tells how it went, a timeout included (as Heron counts it); rejects when nothing listens. */
  async outcome(
    body: Uint8Array,
    headers: Record<string, string>,
    sent: Pick<Outcome, "file" | "topic">,
  ): Promise<Outcome> {
    const started = performance.now();
    try {
      const answer = await this.post(body, headers);
      const error = errorOf(answer.status, answer.body.toString("utf8"));
      return { ...sent, status: answer.status, ms: answer.ms, error };
    } catch (error) {
      if (!(error instanceof TimeoutError)) throw error;
      return { ...sent, status: null, ms: performance.now() - started, error: "TIMEOUT" };
    }
  }

  /** Resolves with any HTTP answer; rejects with TimeoutError, or a CliError when nothing listens. */
  post(body: Uint8Array, headers: Record<string, string>): Promise<Answer> {
    const url = this.#url;
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: "POST",
          agent: this.#agent,
          headers: { ...headers, "content-length": String(body.byteLength) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (chunk: Buffer) => chunks.push(chunk));
          res.on("end", () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks),
              ms: performance.now() - started,
            }),
          );
          res.on("error", reject);
        },
      );
      req.setTimeout(this.#timeoutMs, () => {
        req.destroy(new TimeoutError(`no answer within ${this.#timeoutMs} ms`));
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (error instanceof TimeoutError) return reject(error);
        if (error.code && CONNECT_FAILURES.has(error.code)) {
          return reject(
            runError(
              `cannot connect to ${describeUrl(url)} (${error.code}): is the receiver running?`,
            ),
          );
        }
        reject(
          runError(`the request to ${describeUrl(url)} failed: ${error.code ?? error.message}`),
        );
      });
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** The receiver's error code from a heron-webhooks answer (`{"error":"CODE"}`), else a short excerpt. */
export function errorOf(status: number, text: string): string | null {
  if (status >= 200 && status < 300) return null;
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === "string") return parsed.error;
  } catch {
    // Not a heron-webhooks receiver: show what it said instead.
  }
  const excerpt = text.replace(/\s+/g, " ").trim();
  return excerpt
    ? JSON.stringify(excerpt.length > 60 ? `${excerpt.slice(0, 57)}...` : excerpt)
    : null;
}
