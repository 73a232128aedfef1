// Shared by the vitest properties and the Bun/Deno scripts, so both runtimes test the same inputs.
import fc from "fast-check";

const STRUCTURAL = "{}[]:,";

/** Positions in compact JSON where whitespace may go: between tokens, outside strings. */
export function tokenGaps(json) {
  const gaps = new Set([0, json.length]);
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') {
        inString = false;
        gaps.add(i + 1);
      }
    } else if (char === '"') {
      inString = true;
      gaps.add(i);
    } else if (STRUCTURAL.includes(char)) {
      gaps.add(i);
      gaps.add(i + 1);
    }
  }
  return [...gaps];
}

/** Positions inside the strings (keys and values) of compact JSON, between the quotes. */
export function stringInteriors(json) {
  const positions = [];
  let inString = false;
  for (let i = 0; i < json.length; i++) {
    const char = json[i];
    if (inString) positions.push(i);
    if (inString && char === "\\") {
      positions.push(++i);
    } else if (char === '"') {
      inString = !inString;
    }
  }
  return positions;
}

/** `text` with each `[position, insert]` applied at its position in the original text. */
export function insertAt(text, insertions) {
  const sorted = [...insertions].sort((a, b) => b[0] - a[0]);
  let result = text;
  for (const [position, insert] of sorted) {
    result = result.slice(0, position) + insert + result.slice(position);
  }
  return result;
}

export const jsonWhitespace = fc.stringMatching(/^[ \t\n\r]{1,3}$/);

/** A usable secret: anything but empty or whitespace only. */
export const secretArb = fc
  .string({ unit: "binary", minLength: 1, maxLength: 64 })
  .filter((secret) => secret.trim() !== "");

export const compactJson = fc.jsonValue().map((value) => JSON.stringify(value));

/** Compact JSON and the same JSON with whitespace inserted between random tokens. */
export const spacedJson = compactJson.chain((compact) =>
  fc
    .array(fc.tuple(fc.constantFrom(...tokenGaps(compact)), jsonWhitespace), { minLength: 1 })
    .map((insertions) => ({ compact, spaced: insertAt(compact, insertions) })),
);

/** Compact JSON holding strings, and the same with whitespace inserted inside one of them. */
export const jsonWithSpacedString = fc
  .tuple(fc.string({ unit: "binary" }), fc.jsonValue())
  .map(([text, value]) => JSON.stringify({ text, value }))
  .chain((compact) =>
    fc
      .tuple(fc.constantFrom(...stringInteriors(compact)), jsonWhitespace)
      .map((insertion) => ({ compact, spaced: insertAt(compact, [insertion]) })),
  );

const encoder = new TextEncoder();

/** The same body as each `RawBody` form: string, Uint8Array, ArrayBuffer, and a view at an offset. */
export function bodyForms(text) {
  const bytes = encoder.encode(text);
  const padded = new Uint8Array(bytes.length + 7);
  padded.set(bytes, 3);
  return {
    string: text,
    uint8Array: bytes,
    arrayBuffer: bytes.slice().buffer,
    offsetView: padded.subarray(3, 3 + bytes.length),
  };
}
