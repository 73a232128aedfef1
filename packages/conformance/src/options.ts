import type { Webhooks } from "@heron-webhooks/core";
import type { RowId } from "./rows.js";

export interface StartOptions {
  /** The instance your adapter must run: the suite registered recording handlers and set `maxBodyBytes`. */
  webhooks: Webhooks;
  /** Mount the webhook route here, e.g. `/webhooks/heron`. */
  path: string;
}

export interface RunningServer {
  /** Origin of a server listening on 127.0.0.1, e.g. `http://127.0.0.1:54321`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

export type StartServer = (options: StartOptions) => Promise<RunningServer>;

export interface ConformanceOptions {
  /** Shown in the test names, e.g. `"express 5"`. */
  name: string;
  /** Starts a real server (port 0) with your adapter on `path`, running `webhooks`. */
  start: StartServer;
  /**
   * Starts a server where something (usually a body parser) consumed the body before your adapter.
   * When given, the suite expects 500 `{"error":"RAW_BODY_UNAVAILABLE"}` and no handler call.
   */
  startWithBodyConsumed?: StartServer;
  /** Route the suite mounts and posts to. Default: `/webhooks/heron`. */
  path?: string;
  /** Rows your framework cannot support, with the reason; they show as skipped, not passed. */
  skip?: Partial<Record<RowId, string>>;
}
