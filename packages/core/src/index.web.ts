// Cloudflare Workers, browsers and any runtime without node:crypto.
import { installBackend } from "./crypto/backend.js";
import { webBackend } from "./crypto/web.js";

installBackend(webBackend);

export * from "./index.js";
