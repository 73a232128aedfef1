// Starts an example server, fires signed and bad deliveries at it, and prints what it accepted.
// Usage: node scripts/demo.mjs [node-http|express|fastify|koa|hono|inbox]
import { request } from "node:http";
import { KNOWN_TOPICS, sign } from "@heron-webhooks/core";
import { createTestDelivery } from "@heron-webhooks/core/testing";
import { linesAfter, startExample } from "./start-example.mjs";

const example = process.argv[2] ?? "node-http";
// The inbox demo kills and restarts its example on Node 24, so it has a script of its own.
if (example === "inbox") await import("./demo-inbox.mjs").then(() => process.exit());
const secret = "whsec_demo_only_not_a_real_secret";

/** Posts with node:http, which reports a server that closes the socket mid-upload as a row, not a crash. */
function post(url, { body, headers }) {
  return new Promise((resolve) => {
    const req = request(url, { method: "POST", headers }, (res) => {
      let text = "";
      res.setEncoding("utf8").on("data", (chunk) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode, text }));
    });
    // A server that refuses an oversized body may close the socket while we still write.
    req.on("error", () => resolve({ status: "closed", text: "" }));
    req.end(body);
  });
}

async function cases() {
  const signed = await Promise.all(
    KNOWN_TOPICS.map(async (topic) => ({
      name: topic,
      expect: 200,
      handled: true,
      delivery: await createTestDelivery({ topic, secret }),
    })),
  );
  const valid = await createTestDelivery({ topic: "pdf.failed", secret });
  const bigBody = JSON.stringify({
    topic: "pdf.failed",
    created: "2026-01-01T00:00:00",
    data: { pad: "x".repeat(2 ** 21) },
  });
  return [
    ...signed,
    {
      name: "unknown topic (new Heron topic)",
      expect: 200,
      handled: true,
      delivery: await createTestDelivery({ topic: "loan.approved", secret }),
    },
    {
      name: "pretty-printed after signing",
      expect: 200,
      handled: true,
      delivery: await createTestDelivery({
        topic: "pdf.processed",
        secret,
        prettyPrintAfterSigning: true,
      }),
    },
    {
      name: "tampered body",
      expect: 401,
      delivery: { ...valid, body: valid.body.replace("failed", "processed") },
    },
    {
      name: "wrong secret",
      expect: 401,
      delivery: await createTestDelivery({ topic: "pdf.failed", secret: "not-the-secret" }),
    },
    {
      name: "missing signature",
      expect: 401,
      delivery: { body: valid.body, headers: { "content-type": "application/json" } },
    },
    {
      name: "signed, not JSON",
      expect: 400,
      delivery: { body: "hello", headers: { "heron-signature": await sign("hello", secret) } },
    },
    {
      name: "oversized (2 MiB)",
      expect: 413,
      delivery: { body: bigBody, headers: { "heron-signature": await sign(bigBody, secret) } },
    },
  ];
}

const server = startExample(example, secret);
let failed = 0;
try {
  const url = await server.url;
  const rows = [];
  for (const { name, expect, handled = false, delivery } of await cases()) {
    const before = server.lines.length;
    const { status, text } = await post(url, delivery);
    const printed = (await linesAfter(server.lines, before, handled ? 2000 : 50)).length > 0;
    const ok = status === expect && printed === handled;
    if (!ok) failed++;
    rows.push([
      ok ? "✓" : "✗",
      name,
      String(status),
      text || "-",
      printed ? "handled" : "not handled",
    ]);
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  console.log(`\nexamples/${example} at ${url}\n`);
  for (const row of rows) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  "));
  console.log(`\n${rows.length - failed} as expected, ${failed} not`);
} finally {
  await server.stop();
}
process.exitCode = failed ? 1 : 0;
