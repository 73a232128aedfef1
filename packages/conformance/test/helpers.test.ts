import { createServer, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { sendThenDisconnect } from "../src/client.js";
import { asciiJson, eventOfSize } from "../src/deliveries.js";

describe("asciiJson", () => {
  it("writes non-ASCII as Python's json.dumps does, astral characters as surrogate pairs", () => {
    // python3 -c 'import json; print(json.dumps({"city": "Café 東京 🚀"}, separators=(",", ":")))'
    expect(asciiJson({ city: "Café 東京 🚀" })).toBe(
      '{"city":"Caf\\u00e9 \\u6771\\u4eac \\ud83d\\ude80"}',
    );
  });
});

describe("eventOfSize", () => {
  it("makes a valid event of exactly the asked size", () => {
    for (const size of [200, 4096, 32 * 1024 + 1]) {
      const body = eventOfSize(size);
      expect(Buffer.byteLength(body)).toBe(size);
      expect(JSON.parse(body).topic).toBe("end_user.processed");
    }
  });
});

describe("sendThenDisconnect", () => {
  for (const framing of ["chunked", "content-length"] as const) {
    it(`delivers the whole body, unended (${framing}), then closes`, async () => {
      const body = '{"topic":"pdf.failed"}';
      const received: Buffer[] = [];
      const server = createServer((socket: Socket) => {
        socket.on("data", (chunk) => received.push(chunk));
        socket.on("end", () => socket.end());
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as { port: number };
      await sendThenDisconnect(`http://127.0.0.1:${port}/hook?x=1`, {
        headers: [["Heron-Signature", "sig"]],
        body,
        framing,
      });
      server.close();
      const request = Buffer.concat(received).toString("latin1");
      expect(request).toMatch(/^POST \/hook\?x=1 HTTP\/1\.1\r\n/);
      expect(request).toContain("\r\nHeron-Signature: sig\r\n");
      expect(request).toContain(body);
      if (framing === "chunked") expect(request).not.toMatch(/\r\n0\r\n\r\n$/);
      else expect(Number(/Content-Length: (\d+)/.exec(request)?.[1])).toBeGreaterThan(body.length);
    });
  }
});
