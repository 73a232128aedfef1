import { bytesOfDecodedBody } from "@heron-webhooks/core/adapter";
import { describe, expect, it } from "vitest";

const body = '{"topic":"pdf.failed","data":{"notes":"Café Zürich 😀"}}';
const length = String(new TextEncoder().encode(body).byteLength);

describe("bytesOfDecodedBody", () => {
  it("gives back the UTF-8 bytes when Content-Length proves them", () => {
    const bytes = bytesOfDecodedBody(body, { "content-length": length });
    expect(new TextDecoder().decode(bytes)).toBe(body);
  });

  it("reads headers of either kind, whatever their case", () => {
    expect(bytesOfDecodedBody(body, new Headers({ "Content-Length": length }))).toBeDefined();
    expect(bytesOfDecodedBody(body, { "Content-Length": length })).toBeDefined();
  });

  it.each([
    ["no Content-Length (a stripped BOM could not be seen)", {}],
    [
      "a Content-Length that differs (a stripped BOM, a Latin-1 decoding)",
      { "content-length": "3" },
    ],
    [
      "a Content-Encoding the parser inflated",
      { "content-length": length, "content-encoding": "gzip" },
    ],
  ])("refuses %s", (_, headers) => {
    expect(bytesOfDecodedBody(body, headers)).toBeUndefined();
  });

  it("accepts the identity Content-Encoding", () => {
    const headers = { "content-length": length, "content-encoding": "Identity" };
    expect(bytesOfDecodedBody(body, headers)).toBeDefined();
  });

  it("refuses text where invalid bytes became U+FFFD", () => {
    const replaced = '{"topic":"x.y","data":{"n":"\uFFFD"}}';
    const headers = { "content-length": String(new TextEncoder().encode(replaced).byteLength) };
    expect(bytesOfDecodedBody(replaced, headers)).toBeUndefined();
  });
});
