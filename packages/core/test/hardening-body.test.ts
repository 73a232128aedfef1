// The body deadline and the readable 413, over real HTTP on loopback: what a client sees, and what
// the server's memory does while it discards oversized bodies.
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer, type RequestListener, type Server } from "node:http";
import { connect, type Socket } from "node:net";
import { promisify } from "node:util";
import { createFetchHandler, createNodeHandler, createWebhooks, sign } from "@heron-webhooks/core";
import { createAdaptorServer } from "@hono/node-server";
import { afterEach, describe, expect, it } from "vitest";
import { thrownBy } from "./support/errors.js";

const run = promisify(execFile);
const MiB = 1024 * 1024;
const secret = "sec_hardening";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

type Runtime = "node" | "fetch";

function serve(runtime: Runtime, options: { maxBodyBytes?: number; bodyTimeoutMs?: number } = {}) {
  const webhooks = createWebhooks({ secret, ...options });
  const server =
    runtime === "node"
      ? createServer(createNodeHandler(webhooks) as RequestListener)
      : (createAdaptorServer({ fetch: createFetchHandler(webhooks) }) as Server);
  return listen(server);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => resolve(socket));
    socket.once("error", reject);
  });
}

const head = (port: number, framing: string) =>
  `POST /webhooks/heron HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHeron-Signature: x\r\n${framing}\r\n\r\n`;

/** Writes `bytes` of body from one reused chunk, respecting backpressure: the client's memory stays flat. */
async function writeBody(socket: Socket, bytes: number): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, "a");
  let written = 0;
  while (written < bytes && !socket.destroyed) {
    const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
    written += piece.length;
    if (!socket.write(piece)) {
      await new Promise((resolve) => {
        socket.once("drain", resolve);
        socket.once("close", resolve);
      });
    }
  }
  return written;
}

describe("bodyTimeoutMs", () => {
  it("defaults to 10 000 ms and is readable on the instance", () => {
    expect(createWebhooks({ secret }).bodyTimeoutMs).toBe(10_000);
    expect(createWebhooks({ secret, bodyTimeoutMs: 250 }).bodyTimeoutMs).toBe(250);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses %s", (bodyTimeoutMs) => {
    const error = thrownBy(() => createWebhooks({ secret, bodyTimeoutMs }));
    expect(error.code).toBe("INVALID_CONFIG");
    expect(error.message).toContain("bodyTimeoutMs");
  });
});

describe.each(["node", "fetch"] as const)("an oversized body on %s, to Python", (runtime) => {
  // urllib sends `Connection: close` and writes the whole body before it reads. 8 MiB is more than
  // loopback's buffers absorb, so a server that stopped reading resets it.
  it.each([2 * MiB, 8 * MiB])(
    "is answered 413 to Python's urllib, which writes %i bytes before it reads",
    async (bytes) => {
      const port = await serve(runtime);
      const script = [
        "import sys, urllib.request, urllib.error",
        `req = urllib.request.Request("http://127.0.0.1:${port}/webhooks/heron", data=b"a" * ${bytes}, method="POST", headers={"Heron-Signature": "x"})`,
        "try:",
        "    urllib.request.urlopen(req, timeout=20)",
        "except urllib.error.HTTPError as e:",
        "    print(e.code, e.headers['Content-Type'], e.read().decode())",
      ].join("\n");
      const { stdout } = await run("python3", ["-c", script]);
      expect(stdout.trim()).toBe(
        '413 application/json; charset=utf-8 {"error":"PAYLOAD_TOO_LARGE"}',
      );
    },
  );
});

describe.each(["node", "fetch"] as const)("an oversized body on %s", (runtime) => {
  it("closes the connection of a client that keeps sending past 16 times the limit", async () => {
    const maxBodyBytes = 64 * 1024;
    const port = await serve(runtime, { maxBodyBytes });
    const socket = await open(port);
    socket.on("error", () => {});
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.write(head(port, "Transfer-Encoding: chunked"));
    socket.write(`${(100 * MiB).toString(16)}\r\n`);
    // Far more than the 1 MiB discarded; what the kernel buffers on loopback is a few MiB.
    const written = await writeBody(socket, 100 * MiB);
    expect(socket.destroyed, `still open after ${written} bytes`).toBe(true);
    expect(Buffer.concat(received).toString("latin1")).toMatch(/^HTTP\/1\.1 413 /);
  });

  it("closes the connection of a client still sending at the body deadline", async () => {
    const port = await serve(runtime, { maxBodyBytes: 1024, bodyTimeoutMs: 300 });
    const socket = await open(port);
    socket.on("error", () => {});
    const received: Buffer[] = [];
    socket.on("data", (chunk: Buffer) => received.push(chunk));
    socket.write(head(port, `Content-Length: ${MiB}`));
    // 100 bytes every 20 ms: within the bytes discarded, so only the deadline can stop it.
    const dripper = setInterval(() => socket.write(Buffer.alloc(100, "a")), 20);
    const closed = await new Promise<boolean>((resolve) => {
      socket.once("close", () => resolve(true));
      setTimeout(() => resolve(false), 5_000);
    });
    clearInterval(dripper);
    expect(closed).toBe(true);
    expect(Buffer.concat(received).toString("latin1")).toMatch(/^HTTP\/1\.1 413 /);
  });
});

/** Sends the headers and part of a body, then nothing: resolves with the ms until the first answer byte. */
async function stallAndTimeAnswer(port: number): Promise<{ answer: string; afterMs: number }> {
  const socket = await open(port);
  socket.on("error", () => {});
  const startedAt = performance.now();
  socket.write(head(port, "Content-Length: 100"));
  socket.write("a".repeat(10));
  const [chunk] = (await once(socket, "data")) as [Buffer];
  const afterMs = performance.now() - startedAt;
  socket.destroy();
  return { answer: chunk.toString("latin1"), afterMs };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(["node", "fetch"] as const)("overlapping body deadlines on %s", (runtime) => {
  // The reads of one receiver share a timer: each must still expire at its own deadline, never at
  // an earlier read's, while deliveries that end in between are answered as usual.
  it("give each stalled body its 408 at its own deadline", async () => {
    const bodyTimeoutMs = 400;
    const port = await serve(runtime, { bodyTimeoutMs });
    const stalled: Promise<{ answer: string; afterMs: number }>[] = [];
    for (let index = 0; index < 3; index++) {
      stalled.push(stallAndTimeAnswer(port));
      const body = JSON.stringify({
        topic: "pdf.processed",
        created: "2026-12-01T00:00:00Z",
        data: {},
      });
      const delivered = await fetch(`http://127.0.0.1:${port}/`, {
        method: "POST",
        headers: { "heron-signature": await sign(body, secret) },
        body,
      });
      expect(delivered.status).toBe(200);
      await pause(150);
    }
    for (const { answer, afterMs } of await Promise.all(stalled)) {
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
      expect(afterMs).toBeGreaterThanOrEqual(bodyTimeoutMs);
      // Generous: the point is that none waits for another read's deadline or for ever.
      expect(afterMs).toBeLessThan(bodyTimeoutMs + 2_000);
    }
  });
});

describe("memory", () => {
  // Buffering would hold 50 × 8 MiB = 400 MiB; discarding holds only what is in flight.
  it("stays flat while 50 concurrent 8 MiB bodies are refused and discarded", async () => {
    const port = await serve("node");
    const send = async () => {
      const socket = await open(port);
      socket.on("error", () => {});
      const answered = new Promise<string>((resolve) => {
        const parts: Buffer[] = [];
        socket.on("data", (chunk: Buffer) => parts.push(chunk));
        socket.on("close", () => resolve(Buffer.concat(parts).toString("latin1")));
      });
      socket.write(head(port, `Content-Length: ${8 * MiB}`));
      await writeBody(socket, 8 * MiB);
      socket.end();
      return answered;
    };
    await send(); // Warm up: buffers, pools and compiled code of one round are not growth.
    const before = process.memoryUsage().rss;
    const answers = await Promise.all(Array.from({ length: 50 }, send));
    const grownMiB = (process.memoryUsage().rss - before) / MiB;
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    console.info(`RSS grew ${grownMiB.toFixed(1)} MiB over 50 × 8 MiB refused bodies`);
    expect(grownMiB).toBeLessThan(48);
  });
});
