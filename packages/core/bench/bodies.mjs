// Realistic Heron deliveries of an exact size: an `end_user.processed` event when nothing more fits,
// else a `transactions.updated` event with as many transactions as fit; a `meta` note pads the rest.

const DESCRIPTIONS = [
  "Café Zürich",
  "AMAZON MKTPLACE PMTS",
  "Stripe payout 2026-08-13",
  "HMRC VAT quarterly",
  "Uber *trip help.uber.com",
  "Salaire août — ACME SAS",
];

function transaction(index) {
  return {
    heron_id: `txn_${index.toString(36).padStart(22, "x")}`,
    reference_id: `bank-ref-${100000 + index}`,
    description: DESCRIPTIONS[index % DESCRIPTIONS.length],
    amount: index % 3 === 0 ? -(index * 1.37).toFixed(2) : Number((index * 9.5).toFixed(2)),
    currency: "GBP",
    date: `2026-08-${String((index % 28) + 1).padStart(2, "0")}`,
    categories: index % 2 === 0 ? ["shopping", "online"] : ["payroll"],
  };
}

function event(count, note) {
  if (count === 0) {
    return {
      topic: "end_user.processed",
      created: "2026-08-14T12:24:38.137886",
      data: {
        heron_id: "eus_Eqio3Y4dhyNiMphrXwG58p",
        end_user_id: "acme-merchant-0042",
        status: "processed",
      },
      meta: { note },
    };
  }
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

const byteLength = (text) => Buffer.byteLength(text, "utf8");

/** A compact JSON body of exactly `size` bytes, as a Buffer (what Node frameworks hand over). */
export function heronBody(size) {
  // Transactions are about the same size, so one estimate lands close; then step to the exact fit.
  const perTransaction =
    byteLength(JSON.stringify(event(2, ""))) - byteLength(JSON.stringify(event(1, "")));
  let count = Math.max(0, Math.floor(size / perTransaction) - 2);
  while (count > 0 && byteLength(JSON.stringify(event(count, ""))) > size) count--;
  while (byteLength(JSON.stringify(event(count + 1, ""))) <= size) count++;
  const base = JSON.stringify(event(count, ""));
  const body = JSON.stringify(event(count, "x".repeat(size - byteLength(base))));
  if (byteLength(body) !== size)
    throw new Error(`body is ${byteLength(body)} bytes, wanted ${size}`);
  return Buffer.from(body, "utf8");
}
