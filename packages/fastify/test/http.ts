import { request } from "node:http";

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Send {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send the body in two chunks without Content-Length. */
  chunked?: boolean;
}

/** One request on its own connection; an early answer counts even if the server then closes the socket. */
export function send(url: string, { method = "POST", headers = {}, body, chunked }: Send = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const bytes = typeof body === "string" ? Buffer.from(body) : body;
    const outgoing = { ...headers };
    if (bytes && !chunked) outgoing["content-length"] = String(bytes.byteLength);
    let responded = false;
    const req = request(url, { method, headers: outgoing, agent: false }, (res) => {
      responded = true;
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("close", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
        }),
      );
    });
    // A server that answers early (413) may close the socket while the body is still being written.
    req.on("error", (error) => {
      if (!responded) reject(error);
    });
    if (bytes && chunked) {
      const half = Math.floor(bytes.byteLength / 2);
      req.write(bytes.subarray(0, half));
      req.end(bytes.subarray(half));
    } else {
      req.end(bytes);
    }
  });
}
