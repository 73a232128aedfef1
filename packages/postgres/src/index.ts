export {
  type PostgresHandlerExtras,
  type PostgresInbox,
  postgresInbox,
} from "./inbox.js";
export type { PostgresInboxOptions } from "./options.js";
