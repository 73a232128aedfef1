/** Request headers as frameworks hand them over: a fetch `Headers`, or Node's plain object. */
export type HeadersInput =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export const SIGNATURE_HEADER = "heron-signature";

function single(value: string | readonly string[] | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (typeof value === "string") return value;
  // Several values for one header can never be one valid signature.
  return value.length === 1 ? value[0] : value.join(", ");
}

/** A header's value, whatever the case of its name in `headers`. `name` is in lower case. */
export function getHeader(headers: HeadersInput, name: string): string | undefined {
  if (typeof headers.get === "function") {
    return single((headers as { get(name: string): string | null }).get(name));
  }
  const record = headers as Readonly<Record<string, string | readonly string[] | undefined>>;
  // Node's request headers are lower case already: one lookup, no scan.
  const value = record[name];
  if (value !== undefined) return single(value);
  for (const key of Object.keys(record)) {
    if (key.toLowerCase() === name) return single(record[key]);
  }
  return undefined;
}
