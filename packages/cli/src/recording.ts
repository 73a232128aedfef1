import { mkdir, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";

/** A delivery as `listen --record` keeps it and `send` posts it again: the exact bytes and headers. */
export interface Recording {
  readonly receivedAt: string;
  readonly headers: Record<string, string>;
  /** The body, when it is UTF-8 text; otherwise `bodyBase64`. */
  readonly body?: string;
  readonly bodyBase64?: string;
  /** What `listen` answered, for the reader; `send` ignores it. */
  readonly verdict?: { readonly status: number; readonly error: string | null };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

function bodyFields(body: Uint8Array): Pick<Recording, "body" | "bodyBase64"> {
  try {
    return { body: utf8.decode(body) };
  } catch {
    return { bodyBase64: Buffer.from(body).toString("base64") };
  }
}

export class Recorder {
  #count = 0;
  private constructor(readonly directory: string) {}

  static async open(directory: string): Promise<Recorder> {
    await mkdir(directory, { recursive: true });
    return new Recorder(directory);
  }

  /** Writes one delivery to its own new file; resolves with the file's path. */
  async record(
    delivery: Omit<Recording, "body" | "bodyBase64"> & { body: Uint8Array; topic: string | null },
  ): Promise<string> {
    const { topic, body, ...rest } = delivery;
    const stamp = rest.receivedAt.replace(/[:.]/g, "-");
    const count = String(++this.#count).padStart(4, "0");
    const path = join(this.directory, `${stamp}-${count}-${topic ?? "unverified"}.json`);
    const recording: Recording = { ...rest, ...bodyFields(body) };
    await writeFile(path, `${JSON.stringify(recording, null, 2)}\n`, { flag: "wx" });
    return path;
  }
}

/** What `send` posts for a file: a recording's bytes and headers, or any other file's bytes as the body. */
export interface Outgoing {
  readonly file: string;
  readonly body: Buffer;
  readonly headers: Record<string, string>;
}

function isRecording(value: unknown): value is Recording {
  if (typeof value !== "object" || value === null) return false;
  const { headers, body, bodyBase64 } = value as Record<string, unknown>;
  return (
    typeof headers === "object" &&
    headers !== null &&
    (typeof body === "string" || typeof bodyBase64 === "string")
  );
}

export function parseOutgoing(file: string, bytes: Buffer): Outgoing {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch {
    parsed = undefined;
  }
  const name = file === "-" ? "-" : basename(file);
  if (!isRecording(parsed)) {
    return { file: name, body: bytes, headers: { "content-type": "application/json" } };
  }
  const body =
    typeof parsed.body === "string"
      ? Buffer.from(parsed.body, "utf8")
      : Buffer.from(parsed.bodyBase64 as string, "base64");
  const headers = Object.fromEntries(
    Object.entries(parsed.headers).filter(([, value]) => typeof value === "string"),
  ) as Record<string, string>;
  return { file: name, body, headers };
}
