import { definePackageBuild } from "../../scripts/tsup-package.js";

export default definePackageBuild({ index: "src/index.ts", bin: "src/bin.ts" });
