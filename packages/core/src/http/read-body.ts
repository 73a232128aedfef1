import {
  bodyReadFailed,
  bodyTimeout,
  clientClosed,
  HeronWebhookError,
  payloadTooLarge,
  rawBodyUnavailable,
} from "../errors.js";
import { clearDeadline, startDeadline } from "./deadlines.js";

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The slice of a Node `IncomingMessage` (or any Readable) that reading a body needs. */
export interface NodeBodyStream {
  readonly headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly readableEnded?: boolean;
  readonly readableDidRead?: boolean;
  readonly destroyed?: boolean;
  on(event: "data", listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: Error) => void): unknown;
  removeListener(event: string, listener: (...args: never[]) => void): unknown;
  resume(): unknown;
  /** Ends the connection (an `IncomingMessage` destroys its socket). */
  destroy(): unknown;
  /** The connection, when there is one: closing it waits while an oversized body is discarded. */
  readonly socket?: LingeringSocket | null;
}

/** The slice of a `net.Socket` that holding its close needs. */
export interface LingeringSocket {
  destroySoon?(): void;
  end(): unknown;
}

/** The limits core gives every body reader: the receiver's `maxBodyBytes` and `bodyTimeoutMs`. */
export interface BodyLimits {
  readonly maxBodyBytes: number;
  /** The whole body must arrive within this many milliseconds of reading it starting. Default: 10 000. */
  readonly bodyTimeoutMs?: number;
}

/**
 * What an adapter adds to core's limits. A separate argument so that an adapter can pass a constant:
 * merging it into the limits per request (`{ ...limits, consumedHint }`) costs about 1 µs on Node 20.
 */
export interface ReadBodyOptions {
  /** What to tell the user when the body was already consumed, e.g. by a JSON parser. */
  readonly consumedHint?: string;
  /**
   * For `readWebBody`: the Node request under the Request, when the runtime hands it over
   * (@hono/node-server's `env.incoming`, see `nodeRequestOf`). While nothing else reads it, the body
   * is read straight from it, and the Request's web stream is never built.
   */
  readonly nodeRequest?: NodeRequestUnder | null;
}

/** A Node request under a fetch Request: its stream, and who else listens to it. */
export interface NodeRequestUnder extends NodeBodyStream {
  listenerCount(event: "data"): number;
}

/** Heron's own call gives up after 10 s: a body still arriving after that is not Heron's. */
export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

/**
 * How much of an oversized body is read and thrown away after the 413, so that a client that writes
 * its whole body before reading (most HTTP clients) reads the 413 instead of a connection reset.
 * Past it (or the body deadline) the connection is closed.
 */
export function discardLimit(maxBodyBytes: number): number {
  return Math.min(64 * 1024 * 1024, 16 * maxBodyBytes);
}

const GENERIC_HINT = "Mount the webhook route before any body parser.";

/**
 * The Node request under a fetch Request, on @hono/node-server, which passes `{ incoming, outgoing }`
 * as the second argument of its fetch callback (Hono's `c.env`). `undefined` on other runtimes.
 */
export function nodeRequestOf(env: unknown): NodeRequestUnder | undefined {
  const incoming = (env as { incoming?: Partial<NodeRequestUnder> } | null | undefined)?.incoming;
  return typeof incoming?.listenerCount === "function" && typeof incoming.on === "function"
    ? (incoming as NodeRequestUnder)
    : undefined;
}

/**
 * Whether no one has started reading the Node request: not even a web stream made from it, which
 * listens for data from the start and would pause the stream under a second reader.
 */
function unread(request: NodeRequestUnder): boolean {
  return (
    request.listenerCount("data") === 0 &&
    !request.readableDidRead &&
    !request.readableEnded &&
    !request.destroyed
  );
}

/**
 * Node's http server closes the connection as soon as the answer is written when the request asked
 * for that (`Connection: close`, which Python's urllib sends): with body bytes still arriving, the
 * close is a reset, and a client that writes before it reads never sees the 413. So while the rest
 * is discarded, closing only ends our side (the client reads the answer, then end of stream); the
 * close itself waits until the discarding is over. Returns what ends the hold.
 */
function holdClose(socket: LingeringSocket | null | undefined): () => void {
  const destroySoon = socket?.destroySoon;
  if (!socket || !destroySoon) return () => {};
  let closeWanted = false;
  socket.destroySoon = () => {
    closeWanted = true;
    socket.end();
  };
  return () => {
    socket.destroySoon = destroySoon;
    if (closeWanted) destroySoon.call(socket);
  };
}

function declaredLength(contentLength: string | null | undefined): number {
  return contentLength ? Number(contentLength) : 0;
}

/**
 * Reads a Node request body into bytes, within `maxBodyBytes` and `bodyTimeoutMs`. An oversized
 * body (by Content-Length, or once the limit is passed) rejects at once and is never buffered: the
 * rest is discarded up to `discardLimit` and the deadline, then the connection is destroyed. On
 * the deadline it rejects with BODY_TIMEOUT (the 408 closes the connection).
 */
export function readNodeBody(
  stream: NodeBodyStream,
  limits: BodyLimits,
  options?: ReadBodyOptions,
): Promise<Uint8Array> {
  const { maxBodyBytes } = limits;
  const contentLength = stream.headers["content-length"];
  const declaredTooLarge =
    declaredLength(typeof contentLength === "string" ? contentLength : undefined) > maxBodyBytes;
  // Partly read is as bad as fully read: the rest of the bytes would fail as a misleading 401.
  const consumed = stream.readableDidRead || stream.readableEnded || stream.destroyed;
  if (consumed) {
    return Promise.reject(
      declaredTooLarge
        ? payloadTooLarge(maxBodyBytes)
        : rawBodyUnavailable(options?.consumedHint ?? GENERIC_HINT),
    );
  }
  const bodyTimeoutMs = limits.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    // After a 413: what is left of the body is counted, never kept.
    let discarding = false;
    let releaseClose = () => {};
    const cleanup = () => {
      clearDeadline(deadline);
      releaseClose();
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("close", onClose);
      stream.removeListener("error", onError);
    };
    const fail = (error: HeronWebhookError) => {
      cleanup();
      reject(error);
    };
    const tooLarge = () => {
      discarding = true;
      releaseClose = holdClose(stream.socket);
      chunks.length = 0;
      total = 0;
      reject(payloadTooLarge(maxBodyBytes));
    };
    function onData(chunk: Uint8Array | string) {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.byteLength;
      if (discarding) {
        if (total > discardLimit(maxBodyBytes)) stop();
      } else if (total > maxBodyBytes) {
        tooLarge();
      } else {
        chunks.push(bytes);
      }
    }
    function onEnd() {
      cleanup();
      // After a 413 the promise is settled already and the connection stays usable.
      if (!discarding) resolve(concat(chunks, total));
    }
    function onClose() {
      fail(clientClosed());
    }
    function onError(cause: Error) {
      fail(bodyReadFailed(cause));
    }
    function stop() {
      cleanup();
      stream.destroy();
    }
    function onTimeout() {
      if (discarding) return stop();
      // The 408 answer closes the connection; until then, what still arrives is dropped.
      fail(bodyTimeout(bodyTimeoutMs));
      stream.resume();
    }
    // A Node stream, so timers belong to the process: the deadline shares one.
    const deadline = startDeadline(bodyTimeoutMs, onTimeout, true);
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("close", onClose);
    stream.on("error", onError);
    if (declaredTooLarge) tooLarge();
    stream.resume();
  });
}

/** Reads what is left of an oversized fetch body and throws it away, within the bounds; then cancels. */
function discardWebBody(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  limit: number,
  timeoutMs: number,
  socket: LingeringSocket | null | undefined,
): void {
  const releaseClose = holdClose(socket);
  let discarded = 0;
  const cancel = () => reader.cancel().catch(() => {});
  const timer = setTimeout(cancel, timeoutMs);
  const pump = async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      discarded += value.byteLength;
      if (discarded > limit) return cancel();
    }
  };
  pump()
    .catch(() => {})
    .finally(() => {
      clearTimeout(timer);
      releaseClose();
    });
}

/**
 * Reads a fetch body stream into bytes, within `maxBodyBytes` and `bodyTimeoutMs`. An oversized
 * body rejects at once; the rest is discarded up to `discardLimit` and the deadline, then cancelled.
 * On the deadline the stream is released, not cancelled: on Node, cancelling would destroy the
 * connection before the 408 is written.
 */
export async function readWebBody(
  request: Pick<Request, "body" | "bodyUsed" | "headers">,
  limits: BodyLimits,
  options?: ReadBodyOptions,
): Promise<Uint8Array> {
  const nodeRequest = options?.nodeRequest;
  // Before touching `request`: on @hono/node-server, its body getters build the whole web Request,
  // which costs more than verifying the delivery.
  if (nodeRequest && unread(nodeRequest)) return readNodeBody(nodeRequest, limits, options);
  const socket = nodeRequest?.socket;
  const { maxBodyBytes } = limits;
  const declaredTooLarge = declaredLength(request.headers.get("content-length")) > maxBodyBytes;
  if (request.bodyUsed) {
    throw declaredTooLarge
      ? payloadTooLarge(maxBodyBytes)
      : rawBodyUnavailable(options?.consumedHint ?? GENERIC_HINT);
  }
  if (!request.body) return new Uint8Array(0);
  const bodyTimeoutMs = limits.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  const reader = request.body.getReader();
  if (declaredTooLarge) {
    discardWebBody(reader, discardLimit(maxBodyBytes), bodyTimeoutMs, socket);
    throw payloadTooLarge(maxBodyBytes);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  let timedOut = false;
  // Releasing the lock rejects the pending read, which ends the loop below. The deadline shares a
  // timer only on a Node connection (@hono/node-server): Workers tie a timer to one request.
  const deadline = startDeadline(
    bodyTimeoutMs,
    () => {
      timedOut = true;
      reader.releaseLock();
    },
    Boolean(nodeRequest),
  );
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBodyBytes) {
        clearDeadline(deadline);
        const left = deadline.at - performance.now();
        discardWebBody(reader, discardLimit(maxBodyBytes), Math.max(0, left), socket);
        throw payloadTooLarge(maxBodyBytes);
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof HeronWebhookError) throw cause;
    if (timedOut) throw bodyTimeout(bodyTimeoutMs);
    reader.releaseLock();
    throw bodyReadFailed(cause);
  } finally {
    clearDeadline(deadline);
  }
  reader.releaseLock();
  return concat(chunks, total);
}
