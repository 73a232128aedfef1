import type { SlackClock } from "@heron-webhooks/slack";

/** A clock whose sleeps return at once and move time on: retry timing without waiting for it. */
export function fakeClock(start = 1_000_000): SlackClock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** What a promise rejected with (failing the test if it resolved). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
