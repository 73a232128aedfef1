export type RawBody = string | Uint8Array | ArrayBuffer;

const encoder = new TextEncoder();

/** The bytes of a raw body, without copying where the input already is bytes. */
export function toBytes(rawBody: RawBody): Uint8Array {
  if (typeof rawBody === "string") return encoder.encode(rawBody);
  if (rawBody instanceof Uint8Array) return rawBody;
  if (rawBody instanceof ArrayBuffer) return new Uint8Array(rawBody);
  throw new TypeError("rawBody must be a string, Uint8Array (Buffer) or ArrayBuffer");
}

export function isRawBody(value: unknown): value is RawBody {
  return typeof value === "string" || value instanceof Uint8Array || value instanceof ArrayBuffer;
}

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
