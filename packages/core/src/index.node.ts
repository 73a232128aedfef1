// Node, Bun and Deno: node:crypto's HMAC is many times faster than Web Crypto's for small bodies.
import { installBackend } from "./crypto/backend.js";
import { nodeBackend } from "./crypto/node.js";

installBackend(nodeBackend);

export * from "./index.js";
