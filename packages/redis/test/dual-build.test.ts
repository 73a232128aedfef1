// The published builds, ESM and CJS, each loading ioredis (a CommonJS package) its own way and
// making a client from a URL: the path the sources under vitest never take.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { newDelivery } from "./support/deliveries.js";
import { deleteKeys, majors, redisAvailable, redisUrl, uniquePrefix } from "./support/redis.js";

type Package = typeof import("@heron-webhooks/redis");

function distFile(name: string): string {
  const path = fileURLToPath(new URL(`../dist/${name}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: build first (npx tsup)`);
  return path;
}

describe.skipIf(!redisAvailable)("the ESM and CJS builds", () => {
  it.each(["index.js", "index.cjs"])("%s stores and reads back a delivery", async (file) => {
    const built: Package = file.endsWith(".cjs")
      ? createRequire(import.meta.url)(distFile(file))
      : await import(pathToFileURL(distFile(file)).href);
    const prefix = uniquePrefix("dist");
    const inbox = built.redisInbox({ connection: redisUrl, prefix });
    const cleanup = majors[1].connect();
    try {
      const delivery = newDelivery();
      expect(await inbox.accept(delivery, { retainSince: 0 })).toEqual({
        id: delivery.id,
        duplicate: false,
      });
      expect((await inbox.get(delivery.id))?.status).toBe("pending");
    } finally {
      await inbox.close();
      await deleteKeys(cleanup, prefix);
      await cleanup.quit();
    }
  });
});
