import { definePackageBuild } from "../../scripts/tsup-package.js";

// The root and `/adapter` of one runtime share their modules (split chunks, in CJS too), so a process
// has one crypto backend whichever entry it loads first. The node and web builds are separate builds,
// so loading both (as the dual-build test does) never mixes their backends. No build cleans `dist`: three
// builds write into it at once (a fresh clone, as CI and publishing use, has no stale chunks).
const runtimeBuild = (runtime: "node" | "web") =>
  definePackageBuild(
    {
      [`index.${runtime}`]: `src/index.${runtime}.ts`,
      [`adapter.${runtime}`]: `src/adapter.${runtime}.ts`,
    },
    { splitting: true, clean: false },
  );

export default [
  runtimeBuild("node"),
  runtimeBuild("web"),
  definePackageBuild(
    { testing: "src/testing/index.ts", store: "src/store.ts" },
    // `testing` signs through the package itself, so it gets the crypto of the runtime it runs on.
    { external: ["@heron-webhooks/core"], clean: false },
  ),
];
