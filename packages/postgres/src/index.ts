export {
  type PostgresHandlerExtras,
  type PostgresInbox,
  postgresInbox,
} from "./postgres-inbox.js";
export type { PostgresInboxOptions } from "./options.js";
