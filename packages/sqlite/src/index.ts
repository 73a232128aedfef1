export type { SqliteInboxOptions } from "./options.js";
export { type SqliteInbox, sqliteInbox } from "./sqlite-inbox.js";
