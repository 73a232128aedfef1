// Loads core's BUILD the way a user's code on this runtime would, and proves which file it got.
import process from "node:process";

const build = process.argv.find((arg) => arg.startsWith("--build="))?.slice(8) ?? "node";
const builds = {
  // Through the package's exports: Node, Bun and Deno must all pick the node:crypto build.
  node: { specifier: "@heron-webhooks/core", file: "/dist/index.node.js" },
  // The Web Crypto build, by path, as Workers and browsers would get it.
  web: {
    specifier: new URL("../../dist/index.web.js", import.meta.url).href,
    file: "/dist/index.web.js",
  },
};
const chosen = builds[build];
if (!chosen) throw new Error(`unknown --build=${build}: use node or web`);

export const resolved = import.meta.resolve(chosen.specifier);
if (!resolved.endsWith(chosen.file)) {
  throw new Error(`${chosen.specifier} resolved to ${resolved}, expected the build ${chosen.file}`);
}

export const core = await import(chosen.specifier);

const { bun, deno } = process.versions;
export const runtime = bun ? `bun ${bun}` : deno ? `deno ${deno}` : `node ${process.versions.node}`;
console.log(`runtime: ${runtime}; core: ${resolved}`);
