import { readFile } from "node:fs/promises";
import { usageError } from "./errors.js";
import type { CliIo } from "./io.js";

async function readStream(stream: CliIo["stdin"]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/** The exact bytes of FILE, or of stdin for `-` or no file (never a terminal: that would wait forever). */
export async function readBody(
  file: string | undefined,
  io: CliIo,
  command: string,
): Promise<Buffer> {
  if (file === undefined || file === "-") {
    if (io.stdin.isTTY) {
      throw usageError(`name a FILE, or pipe the body in: heron-webhooks ${command} body.json`);
    }
    return readStream(io.stdin);
  }
  try {
    return await readFile(file);
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
}
