/** Every row the store suite checks, by id (for `skip`) and title (the test name). */
export const STORE_ROWS = {
  "accept-new":
    "accept stores a pending delivery, due at receivedAt, attempt 0, no handlers, no error",
  "accept-duplicate":
    "a key already stored is a duplicate in every status: same id, nothing changes",
  "accept-distinct": "deliveries with different keys are never merged, even with identical bodies",
  "accept-concurrent-duplicates":
    "many concurrent accepts of one key store one delivery and give one duplicate: false",
  "accept-concurrent-distinct": "many concurrent accepts of distinct keys store every one",
  retention:
    "a key received before retainSince is replaced by the new delivery; at retainSince it is a duplicate",
  "body-bytes": "bodies come back byte-exact: every byte value, invalid UTF-8, 1 MiB",
  "claim-due": "claim takes only due pending deliveries and makes them running under the worker",
  "claim-order-limit": "claim takes the oldest runAt first, at most limit",
  "claim-held": "a running delivery with a live lease, a done and a dead one are never claimed",
  "claim-concurrent": "concurrent claims never return the same delivery",
  "lease-expiry":
    "a delivery whose lease ended is claimed again, attempt one higher, and the old worker is refused",
  "lease-extend": "extendLease moves the lease, so no other worker claims it before it ends",
  "lease-ended-unclaimed": "a worker still holds a lease that ended until another worker claims it",
  "handlers-recorded":
    "recordHandlerDone keeps each handler once, across retries, only for the lease holder",
  "settle-pending":
    "settle to pending records the error, clears the lease and makes it due at runAt",
  "settle-done-dead": "settle to done or dead ends the attempt; dead records the error",
  "settle-once": "a settled attempt cannot be settled, extended or recorded again",
  "replay-done": "replay of a done delivery makes it pending now, attempt 0, handlers cleared",
  "replay-dead": "replay of a dead delivery makes it pending now, attempt 0, handlers kept",
  "replay-refused":
    "replay of a pending, running or unknown delivery is refused and changes nothing",
  "replay-dead-all": "replayDead replays every dead delivery and only those",
  purge: "purge deletes only done and dead deliveries received before olderThan",
  "list-filters": "list filters by status and topic, newest first",
  "list-paging": "list pages with cursors cover every delivery once, in order",
  get: "get gives the whole delivery, or undefined for an unknown id",
  stats: "stats counts each status and gives the oldest unfinished receivedAt",
  "atomic-commit": "runHandlerAtomically records the handler with what it wrote",
  "atomic-rollback": "runHandlerAtomically rolls back and rejects with what the handler threw",
  "atomic-lost-lease": "runHandlerAtomically resolves false and keeps nothing without the lease",
  "crash-points":
    "a worker that dies mid-delivery leaves it, with what it recorded, to the next claim once its lease ends",
  reopen: "what was accepted, claimed and recorded is there when the store is opened again",
  "wait-for-work": "waitForWork resolves on new work, on timeout and on abort",
  model: "random sequences of accept, claim, fail, expire and replay behave as the lifecycle model",
} as const;

export type StoreRowId = keyof typeof STORE_ROWS;
