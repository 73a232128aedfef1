// Child process (Node 24, for node:sqlite): one receiving server, `inbox` (the Express adapter with
// sqliteInbox) or `handWritten` (an Express route doing the same verify and insert-if-absent by
// hand), or `handWrittenBatched` (the same, with the inserts of one event-loop turn in one
// transaction: group commit). Tells the parent its port; answers CPU questions.
import { createHash, createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { createWebhooks } from "@heron-webhooks/core";
import { heronWebhooks } from "@heron-webhooks/express";
import { sqliteInbox } from "@heron-webhooks/sqlite";
import express from "express";
import { PATH, SECRET } from "./deliveries.mjs";
import { HAND_WRITTEN_SCHEMA } from "./schema.mjs";

const [side, path] = process.argv.slice(2);

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function verified(raw, header) {
  if (typeof header !== "string") return false;
  const expected = Buffer.from(header, "base64");
  const actual = createHmac("sha256", SECRET).update(raw).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function handWritten(batched) {
  const { DatabaseSync } = process.getBuiltinModule("node:sqlite");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
  db.exec(HAND_WRITTEN_SCHEMA);
  const insert = db.prepare(
    `INSERT INTO inbox VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, NULL, NULL, '[]', NULL, ?)
     ON CONFLICT (key) DO NOTHING`,
  );
  const store = (raw, header, topic) => {
    const now = Date.now();
    const key = createHash("sha256").update(raw).digest("hex");
    insert.run(randomUUID(), key, topic, raw, header, now, now, now);
  };
  // Group commit: every insert of one event-loop turn in one transaction, answered after COMMIT.
  let queue = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    db.exec("BEGIN IMMEDIATE");
    for (const item of batch) store(...item.args);
    db.exec("COMMIT");
    for (const item of batch) item.done();
  };
  const app = express();
  app.post(PATH, async (req, res) => {
    const raw = await readBody(req);
    const header = req.get("heron-signature");
    if (!verified(raw, header)) return res.status(401).json({ error: "SIGNATURE_MISMATCH" });
    const { topic } = JSON.parse(raw.toString("utf8"));
    try {
      if (batched) {
        await new Promise((done) => {
          if (queue.push({ args: [raw, header, topic], done }) === 1) setImmediate(flush);
        });
      } else store(raw, header, topic);
    } catch {
      return res.status(503).json({ error: "INBOX_UNAVAILABLE" });
    }
    res.json({ ok: true });
  });
  return app;
}

function withInbox() {
  const webhooks = createWebhooks({ secret: SECRET, inbox: sqliteInbox({ path }) });
  webhooks.on("*", () => {});
  const app = express();
  app.post(PATH, heronWebhooks({ webhooks }));
  return app;
}

const app = side === "inbox" ? withInbox() : handWritten(side === "handWrittenBatched");
const server = createServer(app);
server.listen(0, "127.0.0.1", () => process.send({ port: server.address().port }));
process.on("message", () => {
  const { user, system } = process.cpuUsage();
  process.send({ cpuMicros: user + system });
});
process.on("disconnect", () => process.exit(0));
