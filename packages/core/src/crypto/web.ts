import type { CryptoBackend, HmacKey } from "./backend.js";

class WebHmacKey implements HmacKey {
  readonly #importing: Promise<CryptoKey>;
  // Once imported, digests skip awaiting the import again.
  #key: CryptoKey | undefined;
  constructor(secret: Uint8Array) {
    this.#importing = crypto.subtle.importKey(
      "raw",
      secret as Uint8Array<ArrayBuffer>,
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    // A failed import surfaces from `digest`; here it must not become an unhandled rejection.
    this.#importing.then(
      (key) => {
        this.#key = key;
      },
      () => {},
    );
  }
  digest(data: Uint8Array): Promise<Uint8Array> {
    const key = this.#key;
    return key ? sign(key, data) : this.#importing.then((imported) => sign(imported, data));
  }
}

function sign(key: CryptoKey, data: Uint8Array): Promise<Uint8Array> {
  return crypto.subtle
    .sign("HMAC", key, data as Uint8Array<ArrayBuffer>)
    .then((signature) => new Uint8Array(signature));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i] as number);
  return btoa(binary);
}

export const webBackend: CryptoBackend = {
  name: "web",
  importKey: (secret) => new WebHmacKey(secret),
  equal,
  decodeBase64,
  encodeBase64,
};
