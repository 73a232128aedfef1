// The adapter entry on Node, Bun and Deno: the same crypto as index.node.ts (the build shares one module).
import "./index.node.js";

export * from "./adapter.js";
