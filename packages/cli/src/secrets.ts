import { usageError } from "./errors.js";
import type { CliIo } from "./io.js";

/** `--secret` (one or more, for a rotation), else HERON_WEBHOOK_SECRET, else none. */
export function secretsFrom(flag: readonly string[] | undefined, env: CliIo["env"]): string[] {
  const given = flag ?? [];
  if (given.some((secret) => secret === "")) throw usageError("--secret is empty");
  if (given.length > 0) return [...given];
  const fromEnv = env.HERON_WEBHOOK_SECRET;
  return fromEnv ? [fromEnv] : [];
}

export function requireSecrets(flag: readonly string[] | undefined, env: CliIo["env"]): string[] {
  const secrets = secretsFrom(flag, env);
  if (secrets.length === 0) {
    throw usageError("no secret: pass --secret or set HERON_WEBHOOK_SECRET");
  }
  return secrets;
}

/** The one secret a signing command signs with. */
export function signingSecret(
  flag: readonly string[] | undefined,
  env: CliIo["env"],
): string | undefined {
  const secrets = secretsFrom(flag, env);
  if (secrets.length > 1)
    throw usageError("this command signs with one secret: pass --secret once");
  return secrets[0];
}
