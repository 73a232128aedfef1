export type { SlackClock } from "./clock.js";
export {
  HeronSlackError,
  type HeronSlackErrorCode,
  type HeronSlackErrorDetails,
  isHeronSlackError,
} from "./errors.js";
export { type ForwardToSlackOptions, forwardToSlack } from "./forward.js";
export { SLACK_LIMITS } from "./limits.js";
export type {
  SlackMessage,
  SlackMessageOptions,
  SlackRenderer,
  SlackRenderers,
} from "./message.js";
export { escapeMrkdwn } from "./mrkdwn.js";
export { toSlackMessage } from "./render.js";
