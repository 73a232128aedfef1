import { createNodeHandler } from "@heron-webhooks/core";
import { PATH, SECRET } from "../delivery.mjs";
import { on, verifiedEvent } from "./by-hand.mjs";
import { listen } from "./listen.mjs";

export function handWritten() {
  return listen((req, res) => {
    if (req.method !== "POST" || req.url !== PATH) {
      res.writeHead(404).end();
      return;
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => {
      const event = verifiedEvent(Buffer.concat(chunks), req.headers["heron-signature"]);
      res.writeHead(event ? 200 : 401, { "content-type": "application/json" });
      res.end(event ? '{"ok":true}' : '{"error":"INVALID_SIGNATURE"}');
    });
  });
}

export function adapter() {
  return listen(createNodeHandler({ secret: SECRET, on }, { path: PATH }));
}
