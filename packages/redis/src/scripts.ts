import { createHash } from "node:crypto";
import type { Redis } from "ioredis";

export type ScriptArg = string | number | Uint8Array;

/** A Lua script run by its SHA-1, loaded again when Redis does not have it (after a restart). */
export interface Script {
  readonly lua: string;
  readonly sha: string;
}

export function defineScript(lua: string): Script {
  return { lua, sha: createHash("sha1").update(lua).digest("hex") };
}

function toArg(arg: ScriptArg): string | Buffer {
  if (typeof arg === "number") return String(arg);
  if (typeof arg === "string") return arg;
  return Buffer.from(arg.buffer, arg.byteOffset, arg.byteLength);
}

function isNoScript(error: unknown): boolean {
  return error instanceof Error && error.message.startsWith("NOSCRIPT");
}

/**
 * Runs `script` with one routing key, replies as Buffers (bodies are bytes). EVALSHA first, so the
 * script text crosses the network once per server start rather than on every call; the app's
 * client is used as it is, without defineCommand adding methods to it.
 */
export async function runScript(
  client: Redis,
  script: Script,
  routingKey: string,
  args: readonly ScriptArg[],
): Promise<unknown> {
  const rest = [1, routingKey, ...args.map(toArg)];
  try {
    return await client.callBuffer("EVALSHA", script.sha, ...rest);
  } catch (error) {
    if (!isNoScript(error)) throw error;
    return client.callBuffer("EVAL", script.lua, ...rest);
  }
}
