const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isJsonWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * The body with JSON whitespace outside strings removed, or `null` when there is none.
 * Lets a body that was pretty-printed after signing still verify (the secret is still required).
 */
export function stripJsonWhitespace(bytes: Uint8Array): Uint8Array | null {
  let out: Uint8Array | null = null;
  let written = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number;
    if (inString) {
      if (byte === BACKSLASH) {
        if (out) {
          out[written++] = byte;
          if (i + 1 < bytes.length) out[written++] = bytes[i + 1] as number;
        }
        i++;
        continue;
      }
      if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (isJsonWhitespace(byte)) {
      if (!out) {
        out = new Uint8Array(bytes.length);
        out.set(bytes.subarray(0, i));
        written = i;
      }
      continue;
    }
    if (out) out[written++] = byte;
  }
  return out ? out.subarray(0, written) : null;
}
