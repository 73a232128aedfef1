import { HeronWebhookError } from "../errors.js";

function tooLarge(maxBodyBytes: number): HeronWebhookError {
  return new HeronWebhookError(
    "PAYLOAD_TOO_LARGE",
    `The body is larger than ${maxBodyBytes} bytes.`,
  );
}

/** Rejects at once when Content-Length already says the body is too large. */
function checkContentLength(contentLength: string | null | undefined, maxBodyBytes: number): void {
  if (contentLength && Number(contentLength) > maxBodyBytes) throw tooLarge(maxBodyBytes);
}

export function rawBodyUnavailable(hint: string): HeronWebhookError {
  return new HeronWebhookError(
    "RAW_BODY_UNAVAILABLE",
    `The raw request body was consumed before heron-webhooks could read it, so the signature cannot be checked. ${hint}`,
  );
}

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
  pause(): unknown;
  resume(): unknown;
}

export interface ReadBodyOptions {
  maxBodyBytes: number;
  /** What to tell the user when the body was already consumed, e.g. by a JSON parser. */
  consumedHint?: string;
}

const GENERIC_HINT = "Mount the webhook route before any body parser.";

/**
 * Reads a Node request body into bytes. Stops reading (and pauses the socket) as soon as the
 * limit is passed, so an oversized body is never buffered whole.
 */
export function readNodeBody(
  stream: NodeBodyStream,
  options: ReadBodyOptions,
): Promise<Uint8Array> {
  const { maxBodyBytes } = options;
  const contentLength = stream.headers["content-length"];
  checkContentLength(typeof contentLength === "string" ? contentLength : undefined, maxBodyBytes);
  // Partly read is as bad as fully read: the rest of the bytes would fail as a misleading 401.
  if (stream.readableDidRead || stream.readableEnded || stream.destroyed) {
    return Promise.reject(rawBodyUnavailable(options.consumedHint ?? GENERIC_HINT));
  }
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    const cleanup = () => {
      stream.removeListener("data", onData);
      stream.removeListener("end", onEnd);
      stream.removeListener("close", onClose);
      stream.removeListener("error", onError);
    };
    const fail = (error: HeronWebhookError) => {
      cleanup();
      reject(error);
    };
    function onData(chunk: Uint8Array | string) {
      const bytes = typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk;
      total += bytes.byteLength;
      if (total > maxBodyBytes) {
        stream.pause();
        fail(tooLarge(maxBodyBytes));
        return;
      }
      chunks.push(bytes);
    }
    function onEnd() {
      cleanup();
      resolve(concat(chunks, total));
    }
    function onClose() {
      fail(
        new HeronWebhookError(
          "BODY_READ_FAILED",
          "The client closed the connection before the body ended.",
        ),
      );
    }
    function onError(cause: Error) {
      fail(
        new HeronWebhookError("BODY_READ_FAILED", "The request body could not be read.", { cause }),
      );
    }
    stream.on("data", onData);
    stream.on("end", onEnd);
    stream.on("close", onClose);
    stream.on("error", onError);
    stream.resume();
  });
}

/** Reads a fetch body stream into bytes, cancelling it as soon as the limit is passed. */
export async function readWebBody(
  request: Pick<Request, "body" | "bodyUsed" | "headers">,
  options: ReadBodyOptions,
): Promise<Uint8Array> {
  const { maxBodyBytes } = options;
  checkContentLength(request.headers.get("content-length"), maxBodyBytes);
  if (request.bodyUsed) throw rawBodyUnavailable(options.consumedHint ?? GENERIC_HINT);
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBodyBytes) {
        reader.cancel().catch(() => {});
        throw tooLarge(maxBodyBytes);
      }
      chunks.push(value);
    }
  } catch (cause) {
    if (cause instanceof HeronWebhookError) throw cause;
    throw new HeronWebhookError("BODY_READ_FAILED", "The request body could not be read.", {
      cause,
    });
  } finally {
    reader.releaseLock();
  }
  return concat(chunks, total);
}
