import { type Clock, systemClock } from "./clock.js";

/** Heron gives up on a call after 10 s and sends it again: warn a little before that. */
export const SLOW_HANDLER_MS = 8_000;

export interface SlowHandlerWarning {
  /** The time handlers started at, to pass to `finished`. */
  started(): number;
  finished(startedAt: number, topic: string): void;
}

/**
 * Without an inbox, handlers run inside the request. The first delivery whose handlers took longer
 * than SLOW_HANDLER_MS logs one warning that points to the inbox; later ones stay quiet.
 */
export function createSlowHandlerWarning(clock: Clock = systemClock): SlowHandlerWarning {
  let warned = false;
  return {
    started: () => clock.now(),
    finished(startedAt, topic) {
      if (warned) return;
      const took = clock.now() - startedAt;
      if (took <= SLOW_HANDLER_MS) return;
      warned = true;
      console.warn(
        `[heron-webhooks] the handlers for "${topic}" took ${(took / 1000).toFixed(1)} s inside the request. Heron stops waiting after 10 s and sends the delivery again, so it may run twice. Pass \`inbox\` to createWebhooks and start a worker: deliveries are then stored and answered at once, and handlers run once, with retries. (Logged once.)`,
      );
    },
  };
}
