// The receiver: stores each verified delivery in the inbox before answering 200; runs no handler.
import { createServer } from "node:http";
import { createNodeHandler } from "@heron-webhooks/core";
import { crashWebhooks } from "./app.mjs";

const [path, log, port] = process.argv.slice(2);
const { webhooks } = crashWebhooks({ path, log });
const server = createServer(createNodeHandler(webhooks));
// Restarted on the port its killed predecessor had (outside the ephemeral range, see crash.test.ts),
// which the killed process's connections can still hold for a moment: try again, as a supervisor
// restarting a service would.
let tries = 0;
server.on("error", (error) => {
  if (error.code !== "EADDRINUSE" || ++tries > 100) throw error;
  setTimeout(() => server.listen(Number(port), "127.0.0.1"), 50);
});
server.on("listening", () => process.stdout.write(`listening ${server.address().port}\n`));
server.listen(Number(port), "127.0.0.1");
