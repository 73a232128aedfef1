import { type ClientRequest, request as httpRequest, type IncomingMessage } from "node:http";
import { connect } from "node:net";

/** Header names exactly as they go on the wire: the suite checks case-insensitivity itself. */
export type RawHeaders = ReadonlyArray<readonly [name: string, value: string]>;

export interface Answer {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  text: string;
}

export interface SendOptions {
  method?: string;
  headers?: RawHeaders;
  /** Sent with a Content-Length. */
  body?: string | Uint8Array;
  /** Sent with `Transfer-Encoding: chunked` and no Content-Length, one write per chunk. */
  chunks?: ReadonlyArray<string | Uint8Array>;
}

/** A request on a fresh connection: no keep-alive pool is shared between tests or servers. */
function open(url: string, method: string, headers: RawHeaders): ClientRequest {
  const req = httpRequest(url, { method, agent: false });
  // setHeader keeps the name's case on the wire.
  for (const [name, value] of headers) req.setHeader(name, value);
  return req;
}

function readAnswer(res: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    res.on("data", (chunk: Buffer) => parts.push(chunk));
    res.on("error", reject);
    res.on("close", () => {
      if (!res.complete) reject(new Error("The connection closed before the answer ended."));
    });
    res.on("end", () =>
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: Buffer.concat(parts).toString("utf8"),
      }),
    );
  });
}

export function send(url: string, options: SendOptions = {}): Promise<Answer> {
  const { method = "POST", headers = [], body, chunks } = options;
  return new Promise((resolve, reject) => {
    const req = open(url, method, headers);
    req.on("error", reject);
    req.on("response", (res) => readAnswer(res).then(resolve, reject));
    if (chunks) {
      req.setHeader("Transfer-Encoding", "chunked");
      for (const chunk of chunks) req.write(chunk);
      req.end();
    } else if (body !== undefined) {
      req.setHeader("Content-Length", Buffer.byteLength(body));
      req.end(body);
    } else {
      req.end();
    }
  });
}

export interface UnendedOutcome {
  /** The answer, when one arrived before the connection closed. */
  answer?: Answer;
  bytesWritten: number;
}

export interface UnendedOptions {
  headers: RawHeaders;
  /** Bytes to write at most. The body is never completed. */
  bytes: number;
  /** Declare a Content-Length one byte larger than `bytes`; otherwise send chunked. */
  declareLength: boolean;
}

/**
 * Streams a body (respecting backpressure) that never ends: any answer proves the server decided
 * before the body was complete, so it cannot have buffered the whole of it. Settles when the
 * server answers or closes the connection; a server waiting for the end never settles.
 */
export function sendUnended(url: string, options: UnendedOptions): Promise<UnendedOutcome> {
  return new Promise((resolve) => {
    const req = open(url, "POST", options.headers);
    if (options.declareLength) req.setHeader("Content-Length", options.bytes + 1);
    else req.setHeader("Transfer-Encoding", "chunked");
    let bytesWritten = 0;
    let settled = false;
    let answering = false;
    const settle = (answer?: Answer) => {
      if (settled) return;
      settled = true;
      req.destroy();
      resolve(answer ? { answer, bytesWritten } : { bytesWritten });
    };
    req.on("response", (res) => {
      answering = true;
      readAnswer(res).then(settle, () => settle());
    });
    // A reset while writing is the server closing early; an answer in flight still gets read.
    req.on("error", () => {
      if (!answering) settle();
    });
    req.on("close", () => {
      if (!answering) settle();
    });
    const chunk = Buffer.alloc(16 * 1024, "a");
    const pump = () => {
      while (!settled && bytesWritten < options.bytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, options.bytes - bytesWritten));
        bytesWritten += piece.length;
        if (!req.write(piece)) {
          req.once("drain", pump);
          return;
        }
      }
    };
    pump();
  });
}

export type Framing = "chunked" | "content-length";

/**
 * Sends a request whose body never ends (the chunked terminator is missing, or Content-Length
 * promises more), then closes the connection. TCP delivers the bytes before the close, so the
 * server has all of `body` in hand. Resolves with whatever the server wrote, once it closes too.
 */
export function sendThenDisconnect(
  url: string,
  options: { headers: RawHeaders; body: string; framing: Framing },
): Promise<string> {
  const { hostname, port, pathname, search } = new URL(url);
  const body = Buffer.from(options.body);
  const framing =
    options.framing === "chunked"
      ? "Transfer-Encoding: chunked"
      : `Content-Length: ${body.length + 100}`;
  const head = [
    `POST ${pathname}${search} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    ...options.headers.map(([name, value]) => `${name}: ${value}`),
    framing,
    "",
    "",
  ].join("\r\n");
  const payload =
    options.framing === "chunked"
      ? Buffer.concat([Buffer.from(`${body.length.toString(16)}\r\n`), body, Buffer.from("\r\n")])
      : body;
  return new Promise((resolve) => {
    const received: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => {
      socket.end(Buffer.concat([Buffer.from(head), payload]));
    });
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.on("error", () => {});
    socket.on("close", () => resolve(Buffer.concat(received).toString("latin1")));
  });
}
