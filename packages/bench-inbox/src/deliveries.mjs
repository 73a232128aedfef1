// Unique signed deliveries (each request a new event, as Heron sends), the same stream for both sides.
import { createHmac } from "node:crypto";

export const SECRET = "hrn_whsec_bench_inbox_7Kq2Vd9Lm4Xc8Rz1";
export const PATH = "/webhooks/heron";

// About 1 KiB, shaped like an end_user.processed delivery with customer metadata.
const pad = "x".repeat(820);
export function body(n) {
  return (
    `{"topic":"end_user.processed","created":"2026-11-30T12:24:38.137886","data":{"heron_id":"eus_${String(n).padStart(12, "0")}",` +
    `"end_user_id":"merchant-${n}","status":"processed"},"meta":{"loan_application":"la-${n}","notes":"${pad}"}}`
  );
}

export function signature(raw) {
  return createHmac("sha256", SECRET).update(raw).digest("base64");
}
