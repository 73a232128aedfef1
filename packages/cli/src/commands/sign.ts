import { parseArgs } from "node:util";
import { parseCommand, strict } from "../args.js";
import { loadCore } from "../core.js";
import { usageError } from "../errors.js";
import { readBody } from "../input.js";
import type { CliIo } from "../io.js";
import { signingSecret } from "../secrets.js";

export async function sign(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand("sign", () =>
    parseArgs({
      args: [...args],
      ...strict,
      options: {
        secret: { type: "string", multiple: true },
      },
    }),
  );
  if (positionals.length > 1) throw usageError("sign takes one FILE (or - for stdin)");
  const secret = signingSecret(values.secret, io.env);
  if (!secret) throw usageError("no secret: pass --secret or set HERON_WEBHOOK_SECRET");
  const body = await readBody(positionals[0], io, "sign");
  const { sign: signBody } = await loadCore();
  io.stdout.write(`${await signBody(body, secret)}\n`);
  return 0;
}
