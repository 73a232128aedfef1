// `pnpm bench`: core's verification against the code a user would write by hand with node:crypto.
// Runs on the built package (`npx tsup` first), imported the way users import it.
import { createHmac, timingSafeEqual } from "node:crypto";
import os from "node:os";
import { constructEvent, sign, verifySignature } from "@heron-webhooks/core";
import { verifySignature as verifySignatureWeb } from "../dist/index.web.js";
import { heronBody } from "./bodies.mjs";
import { compare } from "./interleave.mjs";

const SECRET = "hrn_whsec_3q7Ztk9VbX2mPcLw8RfYd4Ns6Gh1Ja5E";
const SIZES = [
  ["256 B", 256],
  ["4 KiB", 4 * 1024],
  ["64 KiB", 64 * 1024],
  ["1 MiB", 1024 * 1024],
];
const TIMING = { warmupSeconds: 0.3, roundSeconds: 0.01, budgetSeconds: 3.5 };

function handVerify(body, header, secret) {
  const expected = Buffer.from(header, "base64");
  const actual = createHmac("sha256", secret).update(body).digest();
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

function handConstructEvent(body, header, secret) {
  if (!handVerify(body, header, secret)) throw new Error("signature mismatch");
  return JSON.parse(body.toString("utf8"));
}

async function rejects(run) {
  try {
    await run();
    return false;
  } catch {
    return true;
  }
}

/** Both sides must accept the real delivery and refuse a tampered one, or the numbers mean nothing. */
async function checkContenders(body, header) {
  const tampered = Buffer.from(body);
  tampered[tampered.length - 3] ^= 1;
  const ok =
    (await verifySignature(body, header, SECRET)) &&
    (await verifySignatureWeb(body, header, SECRET)) &&
    handVerify(body, header, SECRET) &&
    !(await verifySignature(tampered, header, SECRET)) &&
    !(await verifySignatureWeb(tampered, header, SECRET)) &&
    !handVerify(tampered, header, SECRET) &&
    (await constructEvent(body, header, SECRET)).topic ===
      handConstructEvent(body, header, SECRET).topic &&
    (await rejects(() => constructEvent(tampered, header, SECRET))) &&
    (await rejects(() => handConstructEvent(tampered, header, SECRET)));
  if (!ok) throw new Error("a contender gave a wrong answer");
}

const formatRate = (rate) => Math.round(rate).toLocaleString("en-US");

function table(title, oursName, theirsName, rows) {
  const lines = [
    `### ${title}`,
    "",
    `| body | ${oursName} ops/s | ${theirsName} ops/s | ours / hand-written | rounds |`,
    "| ---: | ---: | ---: | ---: | ---: |",
    ...rows.map(
      ({ label, result }) =>
        `| ${label} | ${formatRate(result.ours)} | ${formatRate(result.theirs)} | ${result.ratio.toFixed(2)}× | ${result.rounds} |`,
    ),
  ];
  return lines.join("\n");
}

const deliveries = [];
for (const [label, size] of SIZES) {
  const body = heronBody(size);
  const header = await sign(body, SECRET);
  await checkContenders(body, header);
  deliveries.push({ label, body, header });
}

const verifyRows = [];
const constructRows = [];
const webRows = [];
for (const { label, body, header } of deliveries) {
  verifyRows.push({
    label,
    result: await compare({
      ...TIMING,
      ours: () => verifySignature(body, header, SECRET),
      theirs: () => handVerify(body, header, SECRET),
    }),
  });
  constructRows.push({
    label,
    result: await compare({
      ...TIMING,
      ours: () => constructEvent(body, header, SECRET),
      theirs: () => handConstructEvent(body, header, SECRET),
    }),
  });
  webRows.push({
    label,
    result: await compare({
      ...TIMING,
      budgetSeconds: 1.5,
      ours: () => verifySignatureWeb(body, header, SECRET),
      theirs: () => handVerify(body, header, SECRET),
    }),
  });
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(
  [
    `Node ${process.version}, ${os.platform()} ${os.arch()}, ${cpu} (${os.cpus().length} cores), ${new Date().toISOString().slice(0, 10)}.`,
    "Medians over interleaved rounds (A/B, B/A, ...) after warm-up; every call awaited in a loop.",
    "",
    table(
      "verifySignature (node build)",
      "`verifySignature`",
      "`createHmac` + `timingSafeEqual`",
      verifyRows,
    ),
    "",
    table(
      "constructEvent (node build)",
      "`constructEvent`",
      "hand-written verify + `JSON.parse`",
      constructRows,
    ),
    "",
    table(
      "verifySignature (web build, Web Crypto; for information)",
      "`verifySignature` (web)",
      "`createHmac` + `timingSafeEqual`",
      webRows,
    ),
  ].join("\n"),
);
