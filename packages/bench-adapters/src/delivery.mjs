// One signed Heron delivery of an exact size, the same bytes for every server.
import { createHmac } from "node:crypto";

export const SECRET = "hrn_whsec_bench_3q7Ztk9VbX2mPcLw8RfYd4Ns6Gh1";
export const PATH = "/webhooks/heron";

function transaction(index) {
  return {
    heron_id: `txn_${index.toString(36).padStart(22, "0")}`,
    reference_id: `bank-ref-${100000 + index}`,
    description: index % 2 === 0 ? "Café Zürich" : "Salaire août — ACME SAS",
    amount: index % 3 === 0 ? -12.5 * index : 9.5 * index,
    currency: "GBP",
    date: `2026-08-${String((index % 28) + 1).padStart(2, "0")}`,
  };
}

function event(count, note) {
  return {
    topic: "transactions.updated",
    created: "2026-08-14T12:24:38.137886",
    data: {
      heron_id: "eus_Eqio3Y4dhyNiMphrXwG58p",
      end_user_id: "acme-merchant-0042",
      transactions: Array.from({ length: count }, (_, index) => transaction(index)),
    },
    meta: { note },
  };
}

/** A compact `transactions.updated` body of exactly `size` UTF-8 bytes, padded through `meta.note`. */
export function deliveryBody(size) {
  let count = 0;
  while (Buffer.byteLength(JSON.stringify(event(count + 1, ""))) <= size) count++;
  const unpadded = Buffer.byteLength(JSON.stringify(event(count, "")));
  const body = Buffer.from(JSON.stringify(event(count, "x".repeat(size - unpadded))));
  if (body.length !== size) throw new Error(`delivery is ${body.length} bytes, wanted ${size}`);
  return body;
}

export function signedDelivery(size) {
  const body = deliveryBody(size);
  const signature = createHmac("sha256", SECRET).update(body).digest("base64");
  return {
    body,
    headers: { "content-type": "application/json", "heron-signature": signature },
  };
}
