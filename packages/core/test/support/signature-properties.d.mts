export function signatureProperties(
  core: typeof import("@heron-webhooks/core"),
): Array<[name: string, run: () => Promise<void>]>;
