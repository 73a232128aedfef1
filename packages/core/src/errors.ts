/** Every way a delivery can fail, each with the HTTP status a receiver should answer. */
const ERROR_STATUS = {
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

// Every message that more than one place raises is made here, once.

export function invalidConfig(message: string): HeronWebhookError {
  return new HeronWebhookError("INVALID_CONFIG", message);
}

export function payloadTooLarge(maxBodyBytes: number): HeronWebhookError {
  return new HeronWebhookError(
    "PAYLOAD_TOO_LARGE",
    `The body is larger than ${maxBodyBytes} bytes.`,
  );
}

export function bodyReadFailed(cause: unknown): HeronWebhookError {
  return new HeronWebhookError("BODY_READ_FAILED", "The request body could not be read.", {
    cause,
  });
}

export function clientClosed(): HeronWebhookError {
  return new HeronWebhookError(
    "BODY_READ_FAILED",
    "The client closed the connection before the body ended.",
  );
}

export function bodyTimeout(bodyTimeoutMs: number): HeronWebhookError {
  return new HeronWebhookError(
    "BODY_TIMEOUT",
    `The body did not arrive within ${bodyTimeoutMs} ms.`,
  );
}

export function rawBodyUnavailable(hint: string): HeronWebhookError {
  return new HeronWebhookError(
    "RAW_BODY_UNAVAILABLE",
    `The raw request body was consumed before heron-webhooks could read it, so the signature cannot be checked. ${hint}`,
  );
}

export function methodNotAllowed(method: string): HeronWebhookError {
  return new HeronWebhookError(
    "METHOD_NOT_ALLOWED",
    `Heron delivers webhooks with POST, not ${method}.`,
  );
}

export function notFound(): HeronWebhookError {
  return new HeronWebhookError("NOT_FOUND", "No webhook route on this path.");
}
