/**
 * Calls every handler with the event (and `context`), concurrently, and gives what each failed with,
 * in handler order.
 * Synchronous handlers settle without a promise, so the common case costs no extra turn of the loop.
 */
export function runHandlers<Event, Context>(
  handlers: readonly ((event: Event, context: Context) => unknown)[],
  event: Event,
  context: Context,
): unknown[] | Promise<unknown[]> {
  // One slot per handler, filled only by a failure: a handler may fail with `undefined` itself.
  const failures: ({ error: unknown } | undefined)[] = [];
  const pending: Promise<void>[] = [];
  handlers.forEach((handler, index) => {
    try {
      const result = handler(event, context);
      if (isThenable(result)) {
        pending.push(
          Promise.resolve(result).then(undefined, (error: unknown) => {
            failures[index] = { error };
          }),
        );
      }
    } catch (error) {
      failures[index] = { error };
    }
  });
  const collect = () => failures.flatMap((failure) => (failure ? [failure.error] : []));
  return pending.length === 0 ? collect() : Promise.all(pending).then(collect);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
