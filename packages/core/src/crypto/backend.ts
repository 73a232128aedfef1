import { invalidConfig } from "../errors.js";

/** An imported HMAC-SHA256 key: sync where the runtime allows it, so the fast path never awaits twice. */
export interface HmacKey {
  digest(data: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** What differs between runtimes: `node:crypto` where it exists, Web Crypto elsewhere. */
export interface CryptoBackend {
  readonly name: "node" | "web";
  importKey(secret: Uint8Array): HmacKey;
  /** Constant-time comparison of two equally long byte arrays. */
  equal(a: Uint8Array, b: Uint8Array): boolean;
  decodeBase64(text: string): Uint8Array;
  encodeBase64(bytes: Uint8Array): string;
}

let active: CryptoBackend | undefined;

/** Called once by the entry point of each build (see `index.node.ts` and `index.web.ts`). */
export function installBackend(backend: CryptoBackend): void {
  active = backend;
}

export function backend(): CryptoBackend {
  // Only reachable by importing an internal module without an entry point: a packaging bug.
  if (!active) throw invalidConfig("No crypto backend installed: import @heron-webhooks/core.");
  return active;
}
