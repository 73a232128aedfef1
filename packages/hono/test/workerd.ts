import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type ServerProcess, startServerProcess } from "./processes.js";

const workerd: { default: string; compatibilityDate: string } = createRequire(import.meta.url)(
  "workerd",
);

export interface WorkerdServer extends ServerProcess {
  /** The files esbuild put in the worker bundle. */
  bundledInputs: string[];
}

/**
 * Bundles `entry` as Wrangler would for Cloudflare Workers (the `workerd`/`worker`/`browser` export
 * conditions) and serves it with workerd on 127.0.0.1 and a free port, with `bindings` as text vars.
 */
export async function startWorkerd(
  entry: string,
  bindings: Record<string, string>,
): Promise<WorkerdServer> {
  const dir = await mkdtemp(join(tmpdir(), "heron-workerd-"));
  const result = await build({
    entryPoints: [entry],
    outfile: join(dir, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    metafile: true,
    logLevel: "silent",
  });
  const vars = Object.entries(bindings)
    .map(([name, text]) => `(name = ${JSON.stringify(name)}, text = ${JSON.stringify(text)})`)
    .join(", ");
  await writeFile(
    join(dir, "config.capnp"),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = .worker)],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "${workerd.compatibilityDate}",
  bindings = [${vars}],
);
`,
  );
  const server = await startServerProcess({
    command: workerd.default,
    args: ["serve", "config.capnp", "--control-fd=3"],
    cwd: dir,
    controlFd: true,
  }).catch(async (error) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  return {
    ...server,
    bundledInputs: Object.keys(result.metafile.inputs),
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
