// The adapter entry on Workers and other runtimes without node:crypto, as index.web.ts.
import "./index.web.js";

export * from "./adapter.js";
