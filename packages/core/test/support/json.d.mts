import type { Arbitrary } from "fast-check";

export function tokenGaps(json: string): number[];
export function stringInteriors(json: string): number[];
export function insertAt(
  text: string,
  insertions: ReadonlyArray<readonly [number, string]>,
): string;
export const jsonWhitespace: Arbitrary<string>;
export const secretArb: Arbitrary<string>;
export const compactJson: Arbitrary<string>;
export const spacedJson: Arbitrary<{ compact: string; spaced: string }>;
export const jsonWithSpacedString: Arbitrary<{ compact: string; spaced: string }>;
export function bodyForms(text: string): {
  string: string;
  uint8Array: Uint8Array;
  arrayBuffer: ArrayBuffer;
  offsetView: Uint8Array;
};
