import { usageError } from "./errors.js";

function isParseError(error: unknown): error is Error & { code: string } {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

/** Strict `parseArgs` options, with positionals (the topics, the files). */
export const strict = { strict: true, allowPositionals: true } as const;

/** Runs `parse` (a `parseArgs` call), turning its errors into one usage line that points to the help. */
export function parseCommand<T>(command: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isParseError(error) || !error.code.startsWith("ERR_PARSE_ARGS")) throw error;
    // Node's messages name the option only (never the value that followed it).
    const reason = error.message.split(". ")[0] ?? error.message;
    throw usageError(`${reason} (see heron-webhooks ${command} --help)`);
  }
}

/** A whole number within bounds, from a flag's text. */
export function integerOption(
  name: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw usageError(
      `--${name} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : " up"}, got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** An http(s) URL from a flag's text. */
export function urlOption(name: string, text: string | undefined): URL {
  if (text === undefined) throw usageError(`--${name} URL is required`);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--${name} is not a URL: expected e.g. http://127.0.0.1:3000/webhooks/heron`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw usageError(`--${name} must be an http:// or https:// URL`);
  }
  return url;
}

/** Where a URL points, for messages: no credentials, query or path (a Slack webhook's path is its secret). */
export function describeUrl(url: URL): string {
  return url.origin;
}
