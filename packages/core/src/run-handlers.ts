/**
 * Calls every handler with the event, concurrently, and gives what each failed with, in handler order.
 * Synchronous handlers settle without a promise, so the common case costs no extra turn of the loop.
 */
export function runHandlers<Event>(
  handlers: readonly ((event: Event) => unknown)[],
  event: Event,
): unknown[] | Promise<unknown[]> {
  const errors: unknown[] = [];
  const failed: boolean[] = [];
  const pending: Promise<void>[] = [];
  handlers.forEach((handler, index) => {
    try {
      const result = handler(event);
      if (isThenable(result)) {
        pending.push(
          Promise.resolve(result).then(undefined, (error: unknown) => {
            failed[index] = true;
            errors[index] = error;
          }),
        );
      }
    } catch (error) {
      failed[index] = true;
      errors[index] = error;
    }
  });
  const collect = () => errors.filter((_, index) => failed[index]);
  return pending.length === 0 ? collect() : Promise.all(pending).then(collect);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
