/**
 * A failure the user can act on, shown as one line without a stack. `exitCode` 2 is a usage error
 * (bad flag, unreadable file, invalid JSON), 1 a run that failed (nothing listening, a refused delivery).
 */
export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export const usageError = (message: string) => new CliError(message, 2);
export const runError = (message: string) => new CliError(message, 1);
