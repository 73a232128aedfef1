import { definePackageBuild } from "../../scripts/tsup-package.js";

export default definePackageBuild(
  {
    "index.node": "src/index.node.ts",
    "index.web": "src/index.web.ts",
    testing: "src/testing/index.ts",
    store: "src/store.ts",
  },
  // `testing` signs through the package itself, so it gets the crypto of the runtime it runs on.
  { external: ["@heron-webhooks/core"] },
);
