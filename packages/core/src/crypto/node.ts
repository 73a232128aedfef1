import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from "node:crypto";
import type { CryptoBackend, HmacKey } from "./backend.js";

class NodeHmacKey implements HmacKey {
  readonly #key: KeyObject;
  constructor(secret: Uint8Array) {
    this.#key = createSecretKey(secret);
  }
  digest(data: Uint8Array): Uint8Array {
    return createHmac("sha256", this.#key).update(data).digest();
  }
}

export const nodeBackend: CryptoBackend = {
  name: "node",
  importKey: (secret) => new NodeHmacKey(secret),
  equal: (a, b) => a.length === b.length && timingSafeEqual(a, b),
  decodeBase64: (text) => Buffer.from(text, "base64"),
  encodeBase64: (bytes) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64"),
};
