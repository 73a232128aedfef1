import type { HeronWebhooksOptions } from "@heron-webhooks/core/adapter";

export type HeronWebhooksHonoOptions = HeronWebhooksOptions & {
  /**
   * Only handle requests to this path (`c.req.path`); the middleware lets others through to `next()`,
   * the handler answers them 404. Default: every request that reaches it (the route you mount it on).
   */
  path?: string;
};
