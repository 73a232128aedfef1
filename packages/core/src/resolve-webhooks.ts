import { invalidConfig } from "./errors.js";
import { createWebhooks, type Webhooks, type WebhooksOptions } from "./webhooks.js";

/** What makes a `createWebhooks()` instance, handlers included. */
export interface OwnWebhooksOptions extends WebhooksOptions {
  webhooks?: never;
}

type Forbidden<T> = { [Key in keyof T]?: never };

/** A ready instance; then `secret`, `on`, `onError` and the rest belong on it. */
export type SharedWebhooksOptions = { webhooks: Webhooks } & Forbidden<
  Omit<OwnWebhooksOptions, "webhooks">
>;

/** What every adapter accepts: a ready `webhooks` instance, or a `secret` (and handlers) to make one. */
export type HeronWebhooksOptions = OwnWebhooksOptions | SharedWebhooksOptions;

function isWebhooks(value: unknown): value is Webhooks {
  return typeof value === "object" && value !== null && "verifyAndReceive" in value;
}

/** The `Webhooks` instance an adapter or handler runs: the one given, or one made from the options. */
export function resolveWebhooks(options: Webhooks | HeronWebhooksOptions): Webhooks {
  if (isWebhooks(options)) return options;
  // `?? {}`: JavaScript callers may pass nothing; createWebhooks then names the missing secret.
  const { webhooks, ...webhooksOptions } = (options ?? {}) as OwnWebhooksOptions & {
    webhooks?: Webhooks;
  };
  if (webhooks) {
    const extra = Object.keys(webhooksOptions).filter(
      (key) => (webhooksOptions as Record<string, unknown>)[key] !== undefined,
    );
    if (extra.length > 0) {
      throw invalidConfig(
        "Pass either `webhooks` or `secret` (with `on`, `onError` and the other options), not both: configure those on the `webhooks` instance.",
      );
    }
    return webhooks;
  }
  return createWebhooks(webhooksOptions);
}
