import { utf8 } from "../bytes.js";
import { getHeader, type HeadersInput } from "../headers.js";

/**
 * The received bytes behind a body that a parser already decoded to text, when that is provable.
 * UTF-8 text re-encodes to the bytes it came from unless decoding inflated a Content-Encoding,
 * replaced invalid bytes with U+FFFD, or stripped a byte-order mark; a Content-Length equal to the
 * re-encoded length rules out the last (and any single-byte decoding). Otherwise `undefined`.
 */
export function bytesOfDecodedBody(text: string, headers: HeadersInput): Uint8Array | undefined {
  const encoding = getHeader(headers, "content-encoding");
  if (encoding !== undefined && encoding.toLowerCase() !== "identity") return undefined;
  if (text.includes("\uFFFD")) return undefined;
  const contentLength = getHeader(headers, "content-length");
  const bytes = utf8(text);
  return contentLength !== undefined && Number(contentLength) === bytes.byteLength
    ? bytes
    : undefined;
}
