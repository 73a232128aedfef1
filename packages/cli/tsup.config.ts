import { definePackageBuild } from "../../scripts/tsup-package.js";

// Split, so that each command is its own chunk and --help loads none of them (nor node:http).
export default definePackageBuild(
  { index: "src/index.ts", bin: "src/bin.ts" },
  { splitting: true },
);
