// Slack's mrkdwn treats only `&`, `<` and `>` as control characters: `<!channel>`, `<@U123>` and
// `<https://x|y>` are mentions and links only when those characters reach Slack unescaped.
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };

/** Escapes text for Slack's mrkdwn, so a value from an event shows as written and cannot mention or link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (char) => ENTITIES[char] ?? char);
}

const ELLIPSIS = "…";
// The longest entity escapeMrkdwn writes is `&amp;`.
const LONGEST_ENTITY = 5;

/**
 * Cuts `text` to at most `max` characters (UTF-16 units, as Slack counts), ending with an ellipsis when
 * cut. Never splits a surrogate pair or an entity written by `escapeMrkdwn`.
 */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - ELLIPSIS.length);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  const amp = text.lastIndexOf("&", end - 1);
  if (amp !== -1 && amp > end - LONGEST_ENTITY && text.indexOf(";", amp) >= end) end = amp;
  return text.slice(0, end) + ELLIPSIS;
}
