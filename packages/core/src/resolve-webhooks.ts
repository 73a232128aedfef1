import { HeronWebhookError } from "./errors.js";
import type { WebhookSecret } from "./secrets.js";
import type { EventFor, HeronWebhookEvent, TopicPattern } from "./topics.js";
import {
  createWebhooks,
  type ErrorHandler,
  type WebhookHandler,
  type Webhooks,
  type WebhooksOptions,
} from "./webhooks.js";

/** What every adapter accepts: a ready `webhooks` instance, or what it takes to make one. */
export interface HeronWebhooksOptions extends Partial<WebhooksOptions> {
  /** A `createWebhooks()` instance; then `secret`, `maxBodyBytes`, `on` and `onError` belong on it. */
  webhooks?: Webhooks;
  /** Handlers by topic pattern, as `.on(pattern, handler)` would register them. */
  on?: { [Pattern in TopicPattern]?: WebhookHandler<EventFor<Pattern>> };
  onError?: ErrorHandler;
}

function isWebhooks(value: unknown): value is Webhooks {
  return typeof value === "object" && value !== null && "verifyAndReceive" in value;
}

/** The `Webhooks` instance an adapter or handler runs: the one given, or one made from the options. */
export function resolveWebhooks(options: Webhooks | HeronWebhooksOptions): Webhooks {
  if (isWebhooks(options)) return options;
  const { webhooks, on, onError, secret, maxBodyBytes } = options ?? {};
  if (webhooks) {
    if (secret !== undefined || maxBodyBytes !== undefined || on || onError) {
      throw new HeronWebhookError(
        "INVALID_CONFIG",
        "Pass either `webhooks` or `secret` (with `maxBodyBytes`, `on`, `onError`), not both: configure those on the `webhooks` instance.",
      );
    }
    return webhooks;
  }
  const instance = createWebhooks({ secret: secret as WebhookSecret, maxBodyBytes });
  for (const [pattern, handler] of Object.entries(on ?? {})) {
    instance.on(pattern as TopicPattern, handler as WebhookHandler<HeronWebhookEvent>);
  }
  if (onError) instance.onError(onError);
  return instance;
}
