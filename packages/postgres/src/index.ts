export type { PostgresInboxOptions } from "./options.js";
export {
  type PostgresHandlerExtras,
  type PostgresInbox,
  postgresInbox,
} from "./postgres-inbox.js";
