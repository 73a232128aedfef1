// One signed Heron delivery of an exact size, the same bytes for every server.
import { createHmac } from "node:crypto";
// The realistic Heron bodies of core's verify bench, so both benches measure the same bytes.
import { heronBody } from "../../core/bench/bodies.mjs";

export const SECRET = "hrn_whsec_bench_3q7Ztk9VbX2mPcLw8RfYd4Ns6Gh1";
export const PATH = "/webhooks/heron";

export function signedDelivery(size) {
  const body = heronBody(size);
  const signature = createHmac("sha256", SECRET).update(body).digest("base64");
  return {
    body,
    headers: { "content-type": "application/json", "heron-signature": signature },
  };
}
