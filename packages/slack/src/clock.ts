/** Time as forwardToSlack sees it; tests pass a fake one to check retry timing without waiting. */
export interface SlackClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: SlackClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
