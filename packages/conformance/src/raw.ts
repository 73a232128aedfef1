import { connect, type Socket } from "node:net";
import type { Answer, RawHeaders } from "./client.js";

/** A request written byte for byte: what an HTTP client library would hide (versions, pipelining, drips). */
export interface RawRequest {
  method?: string;
  /** `HTTP/1.1` unless given. */
  version?: "HTTP/1.0" | "HTTP/1.1";
  headers: RawHeaders;
  body: Uint8Array | string;
  /** Send the body as one chunk of `Transfer-Encoding: chunked` instead of with a Content-Length. */
  chunked?: boolean;
}

/** The request as bytes on the wire. */
export function rawRequest(url: string, request: RawRequest): Buffer {
  const { host, pathname, search } = new URL(url);
  const body = Buffer.from(request.body);
  const head = [
    `${request.method ?? "POST"} ${pathname}${search} ${request.version ?? "HTTP/1.1"}`,
    `Host: ${host}`,
    ...request.headers.map(([name, value]) => `${name}: ${value}`),
    request.chunked ? "Transfer-Encoding: chunked" : `Content-Length: ${body.length}`,
    "",
    "",
  ].join("\r\n");
  const framed = request.chunked
    ? [Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n0\r\n\r\n")]
    : [body];
  return Buffer.concat([Buffer.from(head, "latin1"), ...framed]);
}

export interface Connection {
  socket: Socket;
  /** Everything the server wrote so far. */
  received(): Buffer;
  /** Resolves when the server has closed (or reset) the connection. */
  closed: Promise<void>;
  /** Whether the connection is closed, the server having closed it. */
  isClosed(): boolean;
}

/** A TCP connection to the server of `url`, collecting what it writes. */
export function openConnection(url: string): Promise<Connection> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let closed = false;
    const socket = connect(Number(port), hostname);
    socket.on("data", (chunk: Buffer) => parts.push(chunk));
    // A reset shows as an error, then a close: the close is what the tests wait for.
    socket.on("error", () => {});
    const onClosed = new Promise<void>((done) =>
      socket.once("close", () => {
        closed = true;
        done();
      }),
    );
    socket.once("connect", () =>
      resolve({
        socket,
        received: () => Buffer.concat(parts),
        closed: onClosed,
        isClosed: () => closed,
      }),
    );
    socket.once("error", reject);
  });
}

/** Writes `bytes` and resolves once they are handed to the kernel, or rejects with the write's error. */
export function writeAll(socket: Socket, bytes: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.write(bytes, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * Resolves with the responses received once `count` have arrived or the connection closed, or
 * after `ms` with what arrived by then.
 */
export function responsesWithin(
  connection: Connection,
  count: number,
  ms: number,
): Promise<Answer[]> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      connection.socket.off("data", check);
      resolve(parseResponses(connection.received()));
    };
    const check = () => {
      if (parseResponses(connection.received()).length >= count) done();
    };
    const timer = setTimeout(done, ms);
    connection.socket.on("data", check);
    connection.closed.then(done);
    check();
  });
}

/**
 * Sends a delivery's headers and the first byte of its body, then nothing, so only a body deadline
 * ends the request; waits up to `ms` for the server to close the connection.
 */
export async function stallBody(
  url: string,
  delivery: { body: string; headers: Record<string, string> },
  ms: number,
): Promise<{ closed: boolean; elapsedMs: number; answers: [number, string][] }> {
  const request = rawRequest(url, {
    headers: Object.entries(delivery.headers),
    body: delivery.body,
  });
  const connection = await openConnection(url);
  const started = Date.now();
  await writeAll(connection.socket, request.subarray(0, request.indexOf("\r\n\r\n") + 5));
  const closed = await closedWithin(connection, ms);
  const elapsedMs = Date.now() - started;
  connection.socket.destroy();
  const answers = parseResponses(connection.received());
  return { closed, elapsedMs, answers: answers.map((answer) => [answer.status, answer.text]) };
}

/** Resolves after `ms`, or as soon as `connection` closes, whichever comes first. */
export function closedWithin(connection: Connection, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(connection.isClosed()), ms);
    connection.closed.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function parseHeaders(lines: readonly string[]): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    headers[name] = previous === undefined ? value : [previous, value].flat();
  }
  return headers;
}

/** Decodes a chunked body; `undefined` while it is incomplete. */
function dechunk(bytes: Buffer): { body: Buffer; length: number } | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at, "latin1");
    if (lineEnd < 0) return undefined;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    const start = lineEnd + 2;
    if (size === 0) return { body: Buffer.concat(parts), length: start + 2 };
    if (bytes.length < start + size + 2) return undefined;
    parts.push(bytes.subarray(start, start + size));
    at = start + size + 2;
  }
}

/**
 * The complete HTTP responses in `bytes`, in order (pipelined answers follow one another). A
 * response without Content-Length or chunking runs to the end of what was received.
 */
export function parseResponses(bytes: Buffer): Answer[] {
  const answers: Answer[] = [];
  let at = 0;
  while (at < bytes.length) {
    const headEnd = bytes.indexOf("\r\n\r\n", at, "latin1");
    if (headEnd < 0) break;
    const [statusLine = "", ...lines] = bytes
      .subarray(at, headEnd)
      .toString("latin1")
      .split("\r\n");
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers = parseHeaders(lines);
    const rest = bytes.subarray(headEnd + 4);
    let body: Buffer;
    let length: number;
    if (headers["content-length"] !== undefined) {
      length = Number(headers["content-length"]);
      if (rest.length < length) break;
      body = rest.subarray(0, length);
    } else if (String(headers["transfer-encoding"]).toLowerCase() === "chunked") {
      const decoded = dechunk(rest);
      if (!decoded) break;
      ({ body, length } = decoded);
    } else {
      body = rest;
      length = rest.length;
    }
    answers.push({ status, headers, text: body.toString("utf8") });
    at = headEnd + 4 + length;
  }
  return answers;
}
