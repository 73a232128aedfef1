// A loopback TCP proxy in front of the real server, run as a process of the test's own, so an outage
// test cuts only its own connections (the server keeps running for everyone else's tests) and the
// test process's event loop never carries the traffic. Reads "cut", "restore" lines on stdin and
// answers each with a JSON line; prints {"port"} first.
import { connect, createServer } from "node:net";
import { createInterface } from "node:readline";

const [host, targetPort] = process.argv.slice(2);
const sockets = new Set();
let server;
let port = 0;
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

function listen() {
  return new Promise((resolve, reject) => {
    const next = createServer((client) => {
      const upstream = connect(Number(targetPort), host);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on("close", () => sockets.delete(socket));
        socket.on("error", () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    next.once("error", reject);
    next.listen(port, "127.0.0.1", () => {
      server = next;
      port = next.address().port;
      resolve();
    });
  });
}

function cut() {
  return new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    if (!server) return resolve();
    server.close(() => resolve());
    server = undefined;
  });
}

await listen();
print({ port });
for await (const line of createInterface({ input: process.stdin })) {
  if (line === "cut") await cut();
  if (line === "restore") await listen();
  print({ done: line });
}
