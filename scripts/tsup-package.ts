import { defineConfig, type Options } from "tsup";

/** The one build every package shares: ESM and CJS, with types for both. */
export function definePackageBuild(entry: Options["entry"], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ["esm", "cjs"],
    dts: true,
    clean: true,
    target: "es2022",
    splitting: false,
    ...overrides,
  });
}
