import { HeronWebhookError } from "../errors.js";
import type { TopicPattern } from "../topics.js";

/** A handler's name in the inbox's record of which handlers succeeded. */
export interface NamedRoute {
  readonly name: string;
  readonly patterns: readonly TopicPattern[];
}

/**
 * The name of a route about to be added: the one given, or its patterns and its place among the
 * routes with the same patterns (`end_user.processed#1`, `end_user.processed#2`, `*#1`). Adding
 * routes for other patterns never renames a handler; reordering routes of the same patterns does.
 */
export function nameRoute(
  routes: readonly NamedRoute[],
  patterns: readonly TopicPattern[],
  name: string | undefined,
): string {
  if (name !== undefined) {
    if (typeof name !== "string" || name.trim() === "") {
      throw new HeronWebhookError(
        "INVALID_CONFIG",
        "A handler's `name` must be a non-empty string.",
      );
    }
    if (routes.some((route) => route.name === name)) {
      throw new HeronWebhookError(
        "INVALID_CONFIG",
        `Two handlers are named ${JSON.stringify(name)}: the inbox records each handler by its name, so names must be unique.`,
      );
    }
    return name;
  }
  const label = patterns.join(",");
  let ordinal = 1;
  while (routes.some((route) => route.name === `${label}#${ordinal}`)) ordinal += 1;
  return `${label}#${ordinal}`;
}
