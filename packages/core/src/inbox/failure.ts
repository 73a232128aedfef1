import type { DeliveryContext } from "./context.js";

/** What `onError` gets as its third argument when a delivery run from the inbox failed. */
export interface DeliveryFailure {
  readonly delivery: DeliveryContext;
  /** True when the delivery will run again (its failed handlers only); false when it is now dead. */
  readonly willRetry: boolean;
  /** When it runs again, if it will. */
  readonly retryAt: Date | null;
}

const MAX_ERROR_LENGTH = 1000;

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * The `lastError` a store keeps: each failure's message (never a stack), with every configured
 * secret blanked out, bounded in length.
 */
export function errorSummary(
  failures: readonly { readonly name: string; readonly error: unknown }[],
  secrets: readonly string[],
): string {
  let text = failures.map(({ name, error }) => `${name}: ${describeError(error)}`).join("; ");
  for (const secret of secrets) text = text.split(secret).join("[redacted]");
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
