import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The path of a file of core's build, failing clearly when core has not been built. */
export function distFile(name: string): string {
  const path = fileURLToPath(new URL(`../../dist/${name}`, import.meta.url));
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: build core first (cd packages/core && npx tsup).`);
  }
  return path;
}
