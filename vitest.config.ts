import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const packages = fileURLToPath(new URL("./packages/", import.meta.url));

export default defineConfig({
  resolve: {
    // Tests (and the examples under test) run against every package's sources, not its build.
    alias: [
      { find: "@heron-webhooks/core/testing", replacement: `${packages}core/src/testing/index.ts` },
      { find: "@heron-webhooks/core/store", replacement: `${packages}core/src/store.ts` },
      { find: "@heron-webhooks/core/adapter", replacement: `${packages}core/src/adapter.node.ts` },
      { find: /^@heron-webhooks\/core$/, replacement: `${packages}core/src/index.node.ts` },
      { find: /^@heron-webhooks\/([a-z-]+)$/, replacement: `${packages}$1/src/index.ts` },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "examples/*/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
