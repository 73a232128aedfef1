/** Every way a delivery can fail, each with the HTTP status a receiver should answer. */
export const ERROR_STATUS = {
  MISSING_SIGNATURE: 401,
  MALFORMED_SIGNATURE: 401,
  SIGNATURE_MISMATCH: 401,
  INVALID_JSON: 400,
  INVALID_PAYLOAD: 400,
  BODY_READ_FAILED: 400,
  EVENT_OUTSIDE_WINDOW: 400,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  BODY_TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  HANDLER_FAILED: 500,
  RAW_BODY_UNAVAILABLE: 500,
  INVALID_CONFIG: 500,
  INBOX_UNAVAILABLE: 503,
} as const;

export type HeronWebhookErrorCode = keyof typeof ERROR_STATUS;

// A registry-wide symbol, so `instanceof` holds even when the ESM and CJS builds are both loaded.
const BRAND = Symbol.for("@heron-webhooks/core.HeronWebhookError");

export interface HeronWebhookErrorOptions {
  cause?: unknown;
  /** Errors thrown by several handlers for one event. */
  errors?: readonly unknown[];
}

export class HeronWebhookError extends Error {
  override readonly name = "HeronWebhookError";
  readonly code: HeronWebhookErrorCode;
  /** The HTTP status a receiver should answer with. */
  readonly status: number;
  /** For HANDLER_FAILED: what each failing handler threw. */
  readonly errors: readonly unknown[];

  constructor(
    code: HeronWebhookErrorCode,
    message: string,
    options: HeronWebhookErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.errors = options.errors ?? [];
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && BRAND in value;
  }
}

export function isHeronWebhookError(value: unknown): value is HeronWebhookError {
  return value instanceof HeronWebhookError;
}
