import type { KnownTopic, TopicEventMap } from "../topics.js";

const CREATED = "2026-08-14T12:24:38.137886";

function endUser<T extends `end_user.${string}`>(topic: T, status: string) {
  return {
    topic,
    created: CREATED,
    data: { heron_id: "eus_Eqio3Y4dhyNiMphrXwG58p", end_user_id: "acme-merchant-0042", status },
    meta: null,
  };
}

function pdf<T extends `pdf.${string}`>(topic: T, status: string, notes: string | null) {
  return {
    topic,
    created: CREATED,
    data: {
      heron_id: "pdf_pLXqyc2wEwZbA5ZBUeyG6d",
      status,
      notes,
      end_user: { heron_id: "eus_Eqio3Y4dhyNiMphrXwG58p", end_user_id: "acme-merchant-0042" },
    },
    meta: { source: "loan-application-7781" },
  };
}

/** A realistic event for every documented topic. */
export const sampleEvents: { readonly [T in KnownTopic]: TopicEventMap[T] } = {
  "end_user.processed": endUser("end_user.processed", "processed"),
  "end_user.reviewed": endUser("end_user.reviewed", "reviewed"),
  "end_user.transactions_updated": endUser("end_user.transactions_updated", "processed"),
  "end_user.review_required": endUser("end_user.review_required", "review_requested"),
  "transactions.deleted": {
    topic: "transactions.deleted",
    created: "2021-05-20T09:23:53+00:00",
    data: {
      transactions: [
        { heron_id: "txn_4uMVBXEoYrkRxRnZrGdcfk", reference_id: "bank-ref-2231" },
        { heron_id: "txn_7ZYSt2W3pSTbnPLb9S1vdn", reference_id: "bank-ref-2232" },
      ],
    },
    meta: null,
  },
  "transactions.updated": {
    topic: "transactions.updated",
    created: "2021-05-20T09:23:53+00:00",
    data: {
      heron_id: "eus_Eqio3Y4dhyNiMphrXwG58p",
      end_user_id: "acme-merchant-0042",
      transactions: [
        { heron_id: "txn_4uMVBXEoYrkRxRnZrGdcfk", description: "Café Zürich", amount: -42.5 },
      ],
    },
    meta: null,
  },
  "pdf.processed": pdf("pdf.processed", "processed", null),
  "pdf.transactions_loaded": pdf("pdf.transactions_loaded", "transactions_loaded", null),
  "pdf.failed": pdf("pdf.failed", "failed", "The PDF is password protected."),
};
