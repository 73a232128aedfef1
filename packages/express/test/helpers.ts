import { createServer } from "node:http";
import { listenOnLoopback, type RunningServer } from "@heron-webhooks/conformance";
import type { HeronWebhookError, HeronWebhookEvent } from "@heron-webhooks/core";
import type { ErrorRequestHandler, Express } from "express";
import express4 from "express4";
import express5 from "express5";

export const majors = [
  { name: "express 4", express: express4 },
  { name: "express 5", express: express5 },
] as const;

export type ExpressModule = (typeof majors)[number]["express"];

export type { RunningServer };

/** Serves `app` on 127.0.0.1 on a free port. */
export function serve(app: Express): Promise<RunningServer> {
  return listenOnLoopback(createServer(app));
}

/** What a test app saw: events handled, errors reported to onError, errors Express's error handler got. */
export interface Recorded {
  events: HeronWebhookEvent[];
  errors: HeronWebhookError[];
  expressErrors: unknown[];
}

export function recorder(): Recorded & {
  /** `on` and `onError` options that record into this recorder. */
  handlers: {
    on: { "*": (event: HeronWebhookEvent) => void };
    onError: (error: HeronWebhookError) => void;
  };
} {
  const recorded: Recorded = { events: [], errors: [], expressErrors: [] };
  return {
    ...recorded,
    handlers: {
      on: { "*": (event) => void recorded.events.push(event) },
      onError: (error) => void recorded.errors.push(error),
    },
  };
}

/** An error middleware that records what reached Express's error handling. */
export function recordExpressErrors(app: Express, recorded: Recorded): void {
  const handler: ErrorRequestHandler = (error, _req, res, _next) => {
    recorded.expressErrors.push(error);
    res.status(599).end();
  };
  app.use(handler);
}
